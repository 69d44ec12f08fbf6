//! `training-compute-below`: the estimated training compute (6 x parameters x tokens) stays
//! below a number of FLOPs (the EU AI Act presumes systemic risk above 10^25).

use crate::assess::Outcome;
use crate::assess::judgement::Judgement;
use crate::evidence::Evidence;

pub(crate) fn judge(ev: &Evidence, limit: f64) -> Judgement {
    let params: Option<f64> = ev.parameters.as_ref().map(|m| m.value);
    let tokens: Option<f64> = ev.training_tokens.as_ref().map(|m| m.value);
    let mut evidence = Vec::new();
    evidence.extend(ev.parameters.iter().map(|m| m.fact.clone()));
    evidence.extend(ev.training_tokens.iter().map(|m| m.fact.clone()));
    // The largest training sets reported so far are under 40 trillion tokens.
    const MAX_TOKENS: f64 = 4e13;
    let j = match (params, tokens) {
        (Some(p), Some(t)) => {
            let flops = 6.0 * p * t;
            let outcome = if flops < limit {
                Outcome::Met
            } else {
                Outcome::NotMet
            };
            Judgement::new(
                outcome,
                format!(
                    "estimated training compute 6 x {p:.3e} parameters x {t:.3e} tokens = {flops:.2e} FLOPs (threshold {limit:.0e})"
                ),
            )
        }
        (Some(p), None) if 6.0 * p * MAX_TOKENS < limit => Judgement::new(
            Outcome::Met,
            format!(
                "{p:.3e} parameters: even at 40 trillion training tokens the estimate stays below {limit:.0e} FLOPs"
            ),
        ),
        (Some(p), None) => Judgement::new(
            Outcome::Unknown,
            format!(
                "{p:.3e} parameters, but the number of training tokens is not stated, so the compute cannot be estimated"
            ),
        ),
        (None, _) => Judgement::new(
            Outcome::Unknown,
            "the parameter count is not stated, so the training compute cannot be estimated",
        ),
    };
    j.with(evidence)
}
