"""Matching Workbench's engine: pure, typed and free of UI code.

Use it from Python::

    from matching import Workspace, read_path, suggest_config, run_linkage, cluster_at
    tables = [read_path("council_tax.csv"), read_path("housing_benefit.csv")]
    workspace = Workspace()
    config = suggest_config(tables, workspace)
    result = run_linkage(tables, config, workspace=workspace)
    clusters = cluster_at(result, result.threshold)

or from the command line: ``python -m matching auto LEFT.csv [RIGHT.csv] --out DIR``.
"""

from matching.clusters import Clusters, cluster_at
from matching.config import MatchConfig
from matching.database import Workspace
from matching.errors import ConfigError, LinkageError, UploadError, WorkbenchError
from matching.loading import LoadedTable, read_path, read_table
from matching.pipeline import LinkageResult, run_linkage
from matching.session import WorkbenchSession
from matching.suggest import suggest_config

__all__ = [
    "Clusters",
    "ConfigError",
    "LinkageError",
    "LinkageResult",
    "LoadedTable",
    "MatchConfig",
    "UploadError",
    "WorkbenchError",
    "WorkbenchSession",
    "Workspace",
    "cluster_at",
    "read_path",
    "read_table",
    "run_linkage",
    "suggest_config",
]
