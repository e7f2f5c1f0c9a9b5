//! Demo data for a fresh database, so a newcomer can sign in at once.
//! Later issues extend it with courses, threads and answers.

use chrono::{DateTime, Utc};
use entity::users::{self, Role};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

use crate::services::accounts::{self, Registration};

/// Every demo account shares this password (development only).
pub const DEMO_PASSWORD: &str = "lyceum-demo-2026";

pub struct DemoLogin {
    pub username: &'static str,
    pub email: &'static str,
    pub role: Role,
}

const DEMO_USERS: &[(&str, &str, Role)] = &[
    ("admin", "Ada Admin", Role::Admin),
    ("moderator", "Mo Moderator", Role::Moderator),
    ("creator_lin", "Lin Wei", Role::Creator),
    ("creator_sam", "Sam Okafor", Role::Creator),
    ("learner_ana", "Ana Souza", Role::Learner),
    ("learner_ben", "Ben Carter", Role::Learner),
    ("learner_chen", "Chen Jing", Role::Learner),
    ("learner_dia", "Dia Ndiaye", Role::Learner),
];

const DEMO_EMAILS: &[&str] = &[
    "admin@lyceum.example",
    "moderator@lyceum.example",
    "lin@lyceum.example",
    "sam@lyceum.example",
    "ana@lyceum.example",
    "ben@lyceum.example",
    "chen@lyceum.example",
    "dia@lyceum.example",
];

/// Seeds the demo accounts when the database has no users; returns them.
pub async fn seed_if_empty(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<Vec<DemoLogin>>> {
    if users::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    let mut logins = Vec::with_capacity(DEMO_USERS.len());
    for (&(username, display_name, role), &email) in DEMO_USERS.iter().zip(DEMO_EMAILS) {
        let registration = Registration {
            email: email.to_owned(),
            username: username.to_owned(),
            password: DEMO_PASSWORD.to_owned(),
            display_name: display_name.to_owned(),
        };
        accounts::create_user(db, registration, role, now)
            .await
            .map_err(|err| anyhow::anyhow!("seeding {username}: {err}"))?;
        logins.push(DemoLogin {
            username,
            email,
            role,
        });
    }
    Ok(Some(logins))
}

/// The demo accounts still present (for the start-up reminder on later runs).
pub async fn existing_demo_logins(db: &DatabaseConnection) -> anyhow::Result<Vec<DemoLogin>> {
    let present: Vec<String> = users::Entity::find()
        .filter(users::Column::Email.is_in(DEMO_EMAILS.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|user| user.email)
        .collect();
    Ok(DEMO_USERS
        .iter()
        .zip(DEMO_EMAILS)
        .filter(|(_, email)| present.iter().any(|p| p == *email))
        .map(|(&(username, _, role), &email)| DemoLogin {
            username,
            email,
            role,
        })
        .collect())
}

/// The start-up banner listing the demo sign-ins.
pub fn describe(logins: &[DemoLogin]) -> String {
    let mut text = format!("Demo accounts (password for all, unless changed: {DEMO_PASSWORD}):\n");
    for login in logins {
        text.push_str(&format!(
            "  {:<10} {:<14} {}\n",
            format!("{:?}", login.role).to_uppercase(),
            login.username,
            login.email
        ));
    }
    text
}
