//! Cumulative class scoring (MOF): class c needs every required criterion of classes III..=c;
//! criteria that do not apply are left out of the count.

use std::collections::BTreeMap;

use super::{Finding, Outcome, Summary};
use crate::component::MofClass;

/// Cumulative class scoring: class c needs every required criterion of classes III..=c.
pub fn classes(criteria: &[Finding]) -> Summary {
    let mut progress = BTreeMap::new();
    let mut reached = None;
    let mut potential = None;
    let mut all_met = true;
    let mut none_failed = true;
    for class in MofClass::ALL {
        let relevant: Vec<&Finding> = criteria
            .iter()
            .filter(|f| f.required && f.class.is_some_and(|c| c <= class))
            .collect();
        let counted: Vec<&&Finding> = relevant
            .iter()
            .filter(|f| f.outcome != Outcome::NotApplicable)
            .collect();
        let met = counted.iter().filter(|f| f.outcome == Outcome::Met).count();
        let pct = if counted.is_empty() {
            100.0
        } else {
            met as f64 * 100.0 / counted.len() as f64
        };
        progress.insert(class, (pct * 100.0).round() / 100.0);
        all_met &= counted.iter().all(|f| f.outcome == Outcome::Met);
        none_failed &= counted.iter().all(|f| f.outcome != Outcome::NotMet);
        if all_met {
            reached = Some(class);
        }
        if none_failed {
            potential = Some(class);
        }
    }
    let label = |c: Option<MofClass>| {
        c.map(|c| c.as_str().to_string())
            .unwrap_or_else(|| "unclassified".into())
    };
    Summary::Classes {
        class: label(reached),
        progress,
        potential_class: label(potential),
    }
}
