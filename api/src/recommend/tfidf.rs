//! Content model: TF-IDF over item text and tags.
//!
//! Text is segmented with jieba (Chinese words; other scripts split on
//! spaces/punctuation), lower-cased, and tags become single `tag:<name>`
//! tokens. linfa-preprocessing's `TfIdfVectorizer` then builds the
//! vocabulary and weights over the whole catalogue; rows are L2-normalised so
//! dot products are cosine similarities. A user's profile is the weighted
//! sum of their items' vectors; items score by cosine-like similarity to it.

use linfa_preprocessing::tf_idf_vectorization::TfIdfVectorizer;
use ndarray::Array1;
use serde::{Deserialize, Serialize};

use super::data::ItemText;
use super::{Explanation, Scorer, UserQuery, top_k};
use crate::text::JIEBA;

/// Content-model parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TfidfParams {
    /// Drop terms found in fewer documents than this fraction.
    pub min_df: f32,
    /// Drop terms found in more documents than this fraction.
    pub max_df: f32,
    /// Keep at most this many terms (by frequency).
    pub max_features: Option<usize>,
}

impl Default for TfidfParams {
    fn default() -> Self {
        Self {
            min_df: 0.0,
            max_df: 0.5,
            max_features: Some(50_000),
        }
    }
}

/// Tokens for one item, space-separated (jieba words, then `tag:` tokens).
pub fn tokenize(item: &ItemText) -> String {
    let mut out = Vec::new();
    for w in JIEBA.cut(&item.text, true) {
        let w = w.trim();
        if w.chars().any(char::is_alphanumeric) {
            out.push(w.to_lowercase());
        }
    }
    for t in &item.tags {
        let t = t
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("_")
            .to_lowercase();
        if !t.is_empty() {
            out.push(format!("tag:{t}"));
        }
    }
    out.join(" ")
}

/// Item vectors in CSR form (rows L2-normalised).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ContentModel {
    /// Vocabulary; column j is `vocabulary[j]`.
    pub vocabulary: Vec<String>,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f32>,
    /// Parameters used.
    pub params: TfidfParams,
}

impl ContentModel {
    /// Vectorises the catalogue's text (one entry per item index).
    pub fn fit(items: &[ItemText], params: &TfidfParams) -> anyhow::Result<Self> {
        let docs: Array1<String> = items.iter().map(tokenize).collect();
        let vectorizer = TfIdfVectorizer::default()
            .tokenizer(linfa_preprocessing::Tokenizer::Regex(r"\S+".into()))
            .convert_to_lowercase(false)
            .document_frequency(params.min_df, params.max_df)
            .max_features(params.max_features)
            .fit(&docs)?;
        let m = vectorizer.transform(&docs)?.to_csr();
        let mut indptr = vec![0usize];
        let mut indices = Vec::with_capacity(m.nnz());
        let mut values = Vec::with_capacity(m.nnz());
        for row in m.outer_iterator() {
            let norm = row.iter().map(|(_, v)| v * v).sum::<f64>().sqrt();
            for (j, v) in row.iter() {
                indices.push(j as u32);
                values.push((v / norm) as f32);
            }
            indptr.push(indices.len());
        }
        Ok(Self {
            vocabulary: vectorizer.vocabulary().clone(),
            indptr,
            indices,
            values,
            params: params.clone(),
        })
    }

    fn row(&self, item: usize) -> (&[u32], &[f32]) {
        let r = self.indptr[item]..self.indptr[item + 1];
        (&self.indices[r.clone()], &self.values[r])
    }

    /// The history's weighted sum of item vectors.
    fn profile(&self, history: &[(u32, f32)]) -> Vec<f32> {
        let mut profile = vec![0f32; self.vocabulary.len()];
        for &(item, w) in history {
            let (idx, val) = self.row(item as usize);
            for (&j, &v) in idx.iter().zip(val) {
                profile[j as usize] += w * v;
            }
        }
        profile
    }

    fn dot_dense(&self, item: usize, dense: &[f32]) -> f32 {
        let (idx, val) = self.row(item);
        idx.iter()
            .zip(val)
            .map(|(&j, &v)| v * dense[j as usize])
            .sum()
    }

    fn dense(&self, item: usize) -> Vec<f32> {
        let mut d = vec![0f32; self.vocabulary.len()];
        let (idx, val) = self.row(item);
        for (&j, &v) in idx.iter().zip(val) {
            d[j as usize] = v;
        }
        d
    }

    /// The `k` items most similar to `item` by cosine, best first.
    pub fn similar_items(&self, item: u32, k: usize) -> Vec<(u32, f32)> {
        let d = self.dense(item as usize);
        let s: Vec<f32> = (0..self.n_items()).map(|i| self.dot_dense(i, &d)).collect();
        top_k(&s, k, |i| i == item)
            .into_iter()
            .filter(|x| x.1 > 0.0)
            .collect()
    }

    /// The heaviest terms of an item (for describing it).
    pub fn top_terms(&self, item: u32, k: usize) -> Vec<&str> {
        let (idx, val) = self.row(item as usize);
        let mut t: Vec<(u32, f32)> = idx.iter().copied().zip(val.iter().copied()).collect();
        t.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        t.iter()
            .take(k)
            .map(|&(j, _)| self.vocabulary[j as usize].as_str())
            .collect()
    }
}

impl Scorer for ContentModel {
    fn n_items(&self) -> usize {
        self.indptr.len() - 1
    }

    fn score(&self, query: &UserQuery<'_>, out: &mut [f32]) {
        let profile = self.profile(query.history);
        for (i, o) in out.iter_mut().enumerate() {
            *o = self.dot_dense(i, &profile);
        }
    }

    fn score_items(&self, query: &UserQuery<'_>, items: &[u32], out: &mut [f32]) {
        let profile = self.profile(query.history);
        for (o, &i) in out.iter_mut().zip(items) {
            *o = self.dot_dense(i as usize, &profile);
        }
    }

    fn explain(&self, query: &UserQuery<'_>, item: u32) -> Explanation {
        let d = self.dense(item as usize);
        query
            .history
            .iter()
            .map(|&(h, w)| (h, w * self.dot_dense(h as usize, &d)))
            .filter(|x| x.1 > 0.0)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(Explanation::MatchesYourInterests, |(h, _)| {
                Explanation::BecauseYouLiked { item: h }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(text: &str, tags: &[&str]) -> ItemText {
        ItemText {
            text: text.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn segments_chinese_and_keeps_tags_whole() {
        let t = tokenize(&item("我们学习机器学习", &["Data Science"]));
        let words: Vec<&str> = t.split(' ').collect();
        assert!(words.contains(&"机器"), "{t}");
        assert!(words.contains(&"tag:data_science"), "{t}");
        assert!(!words.iter().any(|w| w.is_empty()));
    }

    #[test]
    fn similar_items_and_profile_scores() {
        let items = vec![
            item("机器学习 入门 课程", &["ai"]),
            item("深度学习 与 机器学习 实战", &["ai"]),
            item("红烧肉 家常 做法", &["cooking"]),
            item("家常 菜谱 红烧肉", &["cooking"]),
        ];
        let m = ContentModel::fit(
            &items,
            &TfidfParams {
                max_df: 1.0,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(m.similar_items(0, 1)[0].0, 1);
        assert_eq!(m.similar_items(2, 1)[0].0, 3);
        let mut s = vec![0.0; 4];
        let q = UserQuery {
            user: None,
            history: &[(2, 1.0)],
        };
        m.score(&q, &mut s);
        assert!(s[3] > s[0] && s[3] > s[1]);
        assert_eq!(m.explain(&q, 3), Explanation::BecauseYouLiked { item: 2 });
        crate::recommend::assert_score_items_agrees(&m, &q);
    }
}
