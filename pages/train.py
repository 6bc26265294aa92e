"""Step 5 — Train & match: estimate the model without labels, then score every candidate pair."""

import streamlit as st

from matching.errors import WorkbenchError
from matching.model import model_parameters
from matching.thresholds import weight_to_probability
from ui.charts import match_weights_chart
from ui.session import bootstrap
from ui.widgets import intro, next_step, require_files, show_error

state = bootstrap("Train & match")
require_files(state)
wb = state.workbench
intro(
    "5. Train & match",
    "The workbench now learns, from your data alone (no labelled examples needed), how much "
    "each kind of agreement says about two records being the same person. It estimates "
    "(1) how likely two random records are to match, (2) how often values agree by chance, "
    "using random pairs, and (3) how often true matches agree, by expectation maximisation. "
    "Then it scores every pair the blocking rules produce.",
)

config = wb.config
cells = st.columns(3)
cells[0].metric("Records", f"{sum(t.frame.height for t in wb.tables):,}")
cells[1].metric("Columns compared", len(config.comparisons))
cells[2].metric("Blocking rules", len(config.blocking))

if st.button("Train and match", type="primary", key="train.run", icon=":material/play_arrow:"):
    with st.status("Training the model...", expanded=True) as status:
        bar = st.progress(0.0)

        def progress(fraction: float, message: str) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=message)

        try:
            wb.run(progress)
        except WorkbenchError as err:
            status.update(label="The run stopped", state="error")
            show_error(err)
        else:
            status.update(label="Training and scoring finished", state="complete",
                          expanded=False)

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
st.markdown(
    f"- Chance agreement was measured on **{report.u_max_pairs:,}** random pairs.\n"
    + "".join(
        f"- Match patterns were learned from pairs with **{rule.lower()}** "
        f"({iterations} iterations).\n"
        for rule, iterations in zip(report.em_rules, report.em_iterations, strict=True)
    )
)
for note in report.notes:
    st.warning(note)
if report.splink_messages:
    with st.expander("Technical notes from Splink", icon=":material/info:"):
        st.caption("Levels 'not observed' had no examples in the training pairs, so they keep "
                   "default values; they matter only if such pairs are common.")
        for message in report.splink_messages:
            st.text(message)
st.plotly_chart(match_weights_chart(model_parameters(result)), key="train.weights")
st.caption(
    "Green bars push a pair towards being a match, red bars away. Long bars are strong "
    "evidence: exact agreement on a date of birth is worth far more than agreeing on sex."
)
next_step("pages/threshold.py", "Next: choose the threshold")
