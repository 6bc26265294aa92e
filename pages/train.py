"""Step 5 — Train & match: estimate the model without labels, then score every candidate pair."""

import streamlit as st

from matching.errors import WorkbenchError
from matching.jobs import elapsed_text
from matching.model import model_parameters
from matching.thresholds import weight_to_probability
from matching.training import U_PAIRS_PER_RECORD, U_SAMPLE_MAX_PAIRS, U_SAMPLE_MIN_PAIRS
from ui.charts import m_u_chart, match_weights_chart
from ui.session import bootstrap
from ui.widgets import intro, next_step, require_files, show_error

state = bootstrap("train")
config = require_files(state)
wb = state.workbench
intro(
    "5. Train & match",
    "The workbench now learns, from your data alone (no labelled examples needed), how much "
    "each kind of agreement says about two records being the same person. It estimates "
    "(1) how likely two random records are to match, (2) how often values agree by chance, "
    "using random pairs, and (3) how often true matches agree, by expectation maximisation. "
    "Then it scores every pair the blocking rules produce.",
)

cells = st.columns(3)
cells[0].metric("Records", f"{sum(t.frame.height for t in wb.tables):,}")
cells[1].metric("Columns compared", len(config.comparisons))
cells[2].metric("Blocking rules", len(config.blocking))


if st.button("Train and match", type="primary", key="train.run", icon=":material/play_arrow:",
             disabled=wb.training_in_progress):
    try:
        wb.start_training()
    except WorkbenchError as err:
        with st.status("The run could not start", state="error", expanded=True):
            show_error(err)
    else:
        st.rerun()  # draw the page again with the run in progress

job = wb.job
if job is not None and not job.done:
    if wb.result is not None:
        st.caption("The model from before stays in use (and saved) until the new one has "
                   "finished.")

    @st.fragment(run_every=1.0)
    def _progress() -> None:
        running = wb.job
        if running is None or running.done:
            st.rerun()  # the whole page, to show the result
        with st.status("Training the model...", expanded=True):
            st.progress(running.fraction, text=running.message)
            st.caption(f"Running for {elapsed_text(running.elapsed)}. You can look at other "
                       "pages meanwhile: the run carries on and its result appears here.")
            if running.cancelling:
                st.caption("Stopping after the current step: Splink's steps (sampling, each "
                           "round of training, scoring) cannot be interrupted midway.")
            st.button("Cancel", key="train.cancel", icon=":material/stop:",
                      on_click=running.cancel, disabled=running.cancelling)

    _progress()
    st.stop()

if wb.interrupted_training and (job is None or job.done):
    when = wb.interrupted_training.replace("T", " ")[:16]
    st.warning(f"A training run started at {when} (UTC) did not finish in this window: the page "
               "was refreshed or closed while it ran, which stops it. "
               + ("The model from before is still here. " if wb.result is not None else "")
               + "Press **Train and match** to run it again.", icon=":material/history:")
if job is not None and job.error is not None:
    if job.cancelled:
        st.info("The run was cancelled. Press **Train and match** to start again.",
                icon=":material/stop_circle:")
    else:
        show_error(job.error)
elif job is not None and job.result is not None and job.result is wb.result:
    st.status(f"Training and scoring finished in {elapsed_text(job.elapsed)}",
              state="complete", expanded=False)

result = wb.result
if result is None:
    st.info("Press **Train and match** to start. On the sample data this takes under a minute.")
    st.stop()

report = result.training
st.subheader("What the model learned")
cells = st.columns(3)
cells[0].metric("Pairs scored", f"{result.pair_count:,}",
                help="Candidate pairs from the blocking rules with a match weight above -10.")
cells[1].metric("Share of random pairs that match", f"{report.prior:.2g}",
                help="Estimated from pairs that agree on the strictest rules."
                if report.prior_estimated else "Set from the file sizes (not estimated).")
cells[2].metric("Recommended threshold", f"{result.recommended_threshold:.2f}",
                help=f"Match weight; a probability of "
                f"{weight_to_probability(result.recommended_threshold):.0%}.")
st.markdown("**Training report**\n\n" + "".join(f"- {line}\n" for line in report.summary()))
if result.config.training.u_max_pairs:
    st.caption(f"Why {report.u_max_pairs:,} random pairs: the project's training settings "
               "name that number.")
else:
    st.caption(
        f"Why {report.u_max_pairs:,} random pairs: the sample grows with the data "
        f"({U_PAIRS_PER_RECORD} pairs per record, at least {U_SAMPLE_MIN_PAIRS:,} and at most "
        f"{U_SAMPLE_MAX_PAIRS:,}, or every pair of small data), because chance agreements are "
        "rarer in larger files; beyond a million pairs the estimates stop changing and "
        "training only takes longer."
    )
for note in report.notes:
    st.warning(note)
if report.splink_messages:
    with st.expander("Technical notes from Splink", icon=":material/info:"):
        st.caption("Levels 'not observed' had no examples in the training pairs, so they keep "
                   "default values; they matter only if such pairs are common.")
        for message in report.splink_messages:
            st.text(message)
parameters = model_parameters(result)
st.plotly_chart(match_weights_chart(parameters), key="train.weights")
st.caption(
    "How to read it: green bars push a pair towards being a match, red bars away. Long bars "
    "are strong evidence: exact agreement on a date of birth is worth far more than agreeing "
    "on sex."
)
st.plotly_chart(m_u_chart(parameters), key="train.m_u")
st.caption(
    "How to read it: for each level, the green bar is how often true matches reach it (m) and "
    "the grey bar how often random pairs do (u). A level is good evidence when the two bars "
    "differ a lot; the weight above is log2(m / u)."
)
next_step("pages/threshold.py", "Next: choose the threshold")
