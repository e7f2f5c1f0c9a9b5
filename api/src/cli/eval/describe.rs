//! The `note` column: what each fitted model is (parameters, choices).

use crate::recommend::Model;

/// One-line description of a fitted model.
pub(super) fn describe(model: &Model) -> String {
    match model {
        Model::Hybrid(h) => {
            let parts: Vec<String> = h
                .components
                .iter()
                .zip(&h.weights)
                .map(|(m, w)| format!("{:?}={w:.1}", m.kind()).to_lowercase())
                .collect();
            match h.validation_ndcg {
                Some(ndcg) => {
                    format!("weights {} (validation NDCG {ndcg:.3})", parts.join(" "))
                }
                None => format!("weights {} (given)", parts.join(" ")),
            }
        }
        Model::Ease(e) => {
            let mut s = format!(
                "{} of {} items modelled, λ={:.0}",
                e.items.len(),
                e.n_items,
                e.params.lambda
            );
            if e.params.window >= 2 {
                s += &format!(
                    ", windows of {} (μ={})",
                    e.params.window, e.params.window_weight
                );
            }
            s
        }
        Model::Als(a) => format!(
            "{} factors, {} sweeps, λ={}, α={}",
            a.params.factors, a.params.iterations, a.params.regularization, a.params.alpha
        ),
        Model::Tfidf(t) => format!("{} terms", t.vocabulary.len()),
        Model::Popular(p) => match p.params.half_life_days {
            Some(h) => format!("half-life {h} days"),
            None => "no decay".into(),
        },
        Model::Auto(a) => {
            let s = &a.selection;
            let tried: Vec<String> = s
                .candidates
                .iter()
                .map(|c| format!("{} {:.4}", c.label, c.validation_ndcg))
                .collect();
            let score = s.validation_ndcg.map_or("no validation".into(), |v| {
                format!("validation NDCG {v:.4}")
            });
            format!(
                "chose {} ({score}): {}; tried: {}",
                s.chosen,
                describe(&a.model),
                tried.join(", ")
            )
        }
    }
}
