//! The points ledger of seeded data. Seeds write votes, acceptances,
//! enrolments and reviews in bulk, without the services; this replays them
//! in time order through the same arithmetic as the live ledger
//! (`ledger::credit`: the daily cap and the floor) and writes the rows in
//! bulk. Balances, levels and the daily sums are then derived from the rows
//! with SQL, so they add up by construction (`lyceum audit-ledger` checks).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    reward_events::{self, Entry, SourceKind},
    reward_rules,
};
use futures_util::TryStreamExt;
use sea_orm::{
    ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, Set, Statement, StreamTrait,
};

use super::{advance_id_sequences, insert_chunked, max_id};
use crate::services::{
    analytics::reward_rollups,
    rewards::{RewardSettings, ledger, rules},
};

/// One reward-relevant fact, at its time.
struct Fact {
    at: DateTime<Utc>,
    op: ledger::Op,
    user_id: i64,
    rule: &'static str,
    source: (SourceKind, i64),
    actor_id: i64,
    thread_id: Option<i64>,
    course_id: Option<i64>,
}

#[derive(FromQueryResult)]
struct VoteFact {
    user_id: i64,
    target_kind: String,
    target_id: i64,
    value: i16,
    created_at: DateTime<Utc>,
    author_id: i64,
    thread_id: i64,
    course_id: Option<i64>,
    deleted_at: Option<DateTime<Utc>>,
}

#[derive(FromQueryResult)]
struct AcceptFact {
    thread_id: i64,
    course_id: Option<i64>,
    asker_id: i64,
    answer_id: i64,
    answerer_id: i64,
    created_at: DateTime<Utc>,
}

#[derive(FromQueryResult)]
struct EnrollmentFact {
    id: i64,
    user_id: i64,
    course_id: i64,
    creator_id: i64,
    created_at: DateTime<Utc>,
    refunded_at: Option<DateTime<Utc>>,
    completed_at: Option<DateTime<Utc>>,
}

#[derive(FromQueryResult)]
struct ReviewFact {
    id: i64,
    user_id: i64,
    course_id: i64,
    creator_id: i64,
    created_at: DateTime<Utc>,
}

#[derive(FromQueryResult)]
struct UserFact {
    id: i64,
    points: i64,
    created_at: DateTime<Utc>,
    signed_up: i64,
}

/// (user, rule, source kind, source id, actor): what makes an award once.
type AwardKey = (i64, &'static str, SourceKind, i64, i64);
/// An award not yet reversed: (row id, points credited, rule points).
type InForce = (i64, i32, i32);

fn statement(backend: DbBackend, sql: &str) -> Statement {
    Statement::from_string(backend, sql.to_owned())
}

/// Builds the ledger of everything seeded so far that has none yet;
/// returns the number of rows written.
pub async fn seed_ledger<C: ConnectionTrait + StreamTrait>(
    db: &C,
    settings: &RewardSettings,
) -> Result<usize, DbErr> {
    let backend = ConnectionTrait::get_database_backend(db);
    let mut facts = Vec::new();
    let mut balances: HashMap<i64, i64> = HashMap::new();

    let mut users = UserFact::find_by_statement(statement(
        backend,
        "SELECT u.id, u.points, u.created_at, \
           (SELECT COUNT(*) FROM reward_events r WHERE r.user_id = u.id AND r.rule = 'SIGN_UP') AS signed_up \
         FROM users u",
    ))
    .stream(db)
    .await?;
    while let Some(user) = users.try_next().await? {
        balances.insert(user.id, user.points);
        if user.signed_up == 0 {
            facts.push(Fact {
                at: user.created_at,
                op: ledger::Op::Award,
                user_id: user.id,
                rule: rules::SIGN_UP,
                source: (SourceKind::User, user.id),
                actor_id: user.id,
                thread_id: None,
                course_id: None,
            });
        }
    }
    drop(users);

    let mut votes = VoteFact::find_by_statement(statement(
        backend,
        "SELECT v.user_id, v.target_kind, v.target_id, v.value, v.created_at, \
           COALESCE(a.author_id, t.author_id) AS author_id, \
           COALESCE(a.thread_id, t.id) AS thread_id, \
           COALESCE(ath.course_id, t.course_id) AS course_id, \
           COALESCE(a.deleted_at, t.deleted_at) AS deleted_at \
         FROM votes v \
         LEFT JOIN answers a ON v.target_kind = 'ANSWER' AND a.id = v.target_id \
         LEFT JOIN threads ath ON ath.id = a.thread_id \
         LEFT JOIN threads t ON v.target_kind = 'THREAD' AND t.id = v.target_id \
         WHERE COALESCE(a.author_id, t.author_id) IS NOT NULL",
    ))
    .stream(db)
    .await?;
    while let Some(vote) = votes.try_next().await? {
        let answer = vote.target_kind == "ANSWER";
        let kind = if answer {
            SourceKind::Answer
        } else {
            SourceKind::Thread
        };
        let mut awards: Vec<(i64, &'static str)> = Vec::new();
        match (answer, vote.value) {
            (true, 1) => awards.push((vote.author_id, rules::ANSWER_UPVOTED)),
            (true, -1) => {
                awards.push((vote.author_id, rules::ANSWER_DOWNVOTED));
                awards.push((vote.user_id, rules::DOWNVOTE_CAST));
            }
            (false, 1) => awards.push((vote.author_id, rules::THREAD_UPVOTED)),
            _ => {}
        }
        for (user_id, rule) in awards {
            let fact = |at, op| Fact {
                at,
                op,
                user_id,
                rule,
                source: (kind, vote.target_id),
                actor_id: vote.user_id,
                thread_id: Some(vote.thread_id),
                course_id: vote.course_id,
            };
            facts.push(fact(vote.created_at, ledger::Op::Award));
            if let Some(deleted_at) = vote.deleted_at {
                facts.push(fact(deleted_at, ledger::Op::Reverse));
            }
        }
    }
    drop(votes);

    let accepts = AcceptFact::find_by_statement(statement(
        backend,
        "SELECT t.id AS thread_id, t.course_id, t.author_id AS asker_id, a.id AS answer_id, \
           a.author_id AS answerer_id, a.created_at \
         FROM threads t JOIN answers a ON a.id = t.accepted_answer_id \
         WHERE a.author_id <> t.author_id AND a.deleted_at IS NULL",
    ))
    .all(db)
    .await?;
    for accept in accepts {
        for (user_id, rule) in [
            (accept.answerer_id, rules::ANSWER_ACCEPTED),
            (accept.asker_id, rules::ACCEPTED_AN_ANSWER),
        ] {
            facts.push(Fact {
                at: accept.created_at,
                op: ledger::Op::Award,
                user_id,
                rule,
                source: (SourceKind::Answer, accept.answer_id),
                actor_id: accept.asker_id,
                thread_id: Some(accept.thread_id),
                course_id: accept.course_id,
            });
        }
    }

    let mut enrollments = EnrollmentFact::find_by_statement(statement(
        backend,
        "SELECT e.id, e.user_id, e.course_id, c.creator_id, e.created_at, e.refunded_at, e.completed_at \
         FROM enrollments e JOIN courses c ON c.id = e.course_id",
    ))
    .stream(db)
    .await?;
    while let Some(e) = enrollments.try_next().await? {
        let fact = |at, op, rule| Fact {
            at,
            op,
            user_id: e.creator_id,
            rule,
            source: (SourceKind::Enrollment, e.id),
            actor_id: e.user_id,
            thread_id: None,
            course_id: Some(e.course_id),
        };
        facts.push(fact(
            e.created_at,
            ledger::Op::Award,
            rules::COURSE_ENROLLED,
        ));
        if let Some(completed_at) = e.completed_at {
            facts.push(fact(
                completed_at,
                ledger::Op::Award,
                rules::COURSE_COMPLETED,
            ));
        }
        if let Some(refunded_at) = e.refunded_at {
            facts.push(fact(
                refunded_at,
                ledger::Op::Reverse,
                rules::COURSE_ENROLLED,
            ));
            if e.completed_at.is_some() {
                facts.push(fact(
                    refunded_at,
                    ledger::Op::Reverse,
                    rules::COURSE_COMPLETED,
                ));
            }
        }
    }
    drop(enrollments);

    let reviews = ReviewFact::find_by_statement(statement(
        backend,
        "SELECT r.id, r.user_id, r.course_id, c.creator_id, r.created_at \
         FROM reviews r JOIN courses c ON c.id = r.course_id WHERE r.rating >= 4",
    ))
    .all(db)
    .await?;
    for review in reviews {
        facts.push(Fact {
            at: review.created_at,
            op: ledger::Op::Award,
            user_id: review.creator_id,
            rule: rules::COURSE_REVIEWED_WELL,
            source: (SourceKind::Review, review.id),
            actor_id: review.user_id,
            thread_id: None,
            course_id: Some(review.course_id),
        });
    }

    // Awards before reversals at the same moment; otherwise by time.
    facts.sort_by_key(|f| (f.at, f.op == ledger::Op::Reverse));
    let rule_table: HashMap<String, reward_rules::Model> = reward_rules::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.key.clone(), r))
        .collect();
    let mut next_id = max_id::<reward_events::Entity>(db, reward_events::Column::Id).await? + 1;
    let mut capped_today: HashMap<(i64, NaiveDate), i64> = HashMap::new();
    // The award in force per key, to reverse exactly what it credited.
    let mut in_force: HashMap<AwardKey, InForce> = HashMap::new();
    let mut rows = Vec::with_capacity(facts.len());
    for fact in facts {
        let Some(rule) = rule_table.get(fact.rule) else {
            continue;
        };
        let key = (
            fact.user_id,
            fact.rule,
            fact.source.0,
            fact.source.1,
            fact.actor_id,
        );
        let balance = balances.entry(fact.user_id).or_insert(0);
        let day = (fact.user_id, fact.at.date_naive());
        let (entry, points, rule_points, reverses_id) = match fact.op {
            ledger::Op::Award => {
                if !rule.enabled || in_force.contains_key(&key) {
                    continue;
                }
                let points = ledger::credit(
                    i64::from(rule.points),
                    rule.capped,
                    *balance,
                    capped_today.get(&day).copied().unwrap_or(0),
                    settings.daily_vote_points_cap,
                );
                in_force.insert(key, (next_id, points as i32, rule.points));
                (Entry::Award, points, rule.points, None)
            }
            ledger::Op::Reverse => {
                let Some((award_id, credited, rule_points)) = in_force.remove(&key) else {
                    continue;
                };
                let points = ledger::credit(-i64::from(credited), false, *balance, 0, 0);
                (Entry::Reversal, points, rule_points, Some(award_id))
            }
        };
        *balance += points;
        if rule.capped {
            *capped_today.entry(day).or_insert(0) += points;
        }
        rows.push(reward_events::ActiveModel {
            id: Set(next_id),
            user_id: Set(fact.user_id),
            rule: Set(fact.rule.to_owned()),
            entry: Set(entry),
            cycle: Set(0),
            points: Set(points as i32),
            rule_points: Set(rule_points),
            source_kind: Set(fact.source.0),
            source_id: Set(fact.source.1),
            actor_id: Set(fact.actor_id),
            thread_id: Set(fact.thread_id),
            course_id: Set(fact.course_id),
            reverses_id: Set(reverses_id),
            created_at: Set(fact.at),
        });
        next_id += 1;
    }
    let written = insert_chunked(db, rows).await?;
    advance_id_sequences(db, &["reward_events"]).await?;
    derive_balances(db, settings).await?;
    Ok(written)
}

/// Balances, levels and daily sums from the ledger rows (seeds only: the
/// live ledger keeps them in each award's transaction).
pub async fn derive_balances<C: ConnectionTrait + StreamTrait>(
    db: &C,
    settings: &RewardSettings,
) -> Result<(), DbErr> {
    let [intermediate, advanced, expert] = settings.level_thresholds;
    db.execute_unprepared(
        "UPDATE users SET points = COALESCE((SELECT SUM(r.points) FROM reward_events r \
         WHERE r.user_id = users.id), 0)",
    )
    .await?;
    db.execute_unprepared(&format!(
        "UPDATE users SET level = CASE WHEN points >= {expert} THEN 3 \
         WHEN points >= {advanced} THEN 2 WHEN points >= {intermediate} THEN 1 ELSE 0 END"
    ))
    .await?;
    let day = ledger::utc_day_sql(ConnectionTrait::get_database_backend(db));
    db.execute_unprepared("DELETE FROM reward_daily").await?;
    db.execute_unprepared(&format!(
        "INSERT INTO reward_daily (user_id, day, rule, points, entries) \
         SELECT user_id, {day}, rule, SUM(points), COUNT(*) FROM reward_events \
         GROUP BY user_id, {day}, rule"
    ))
    .await?;
    reward_rollups::rebuild(db, settings.reporting_zone).await
}
