//! DEDICATED: active on 30 consecutive UTC days.

use chrono::{DateTime, Utc};
use entity::{comments, votes};
use lyceum::clock::Clock;
use lyceum_tests::{Session, TestApp, community::raw_id};
use sea_orm::{EntityTrait, Set};

use super::{assert_awarded_once, awaited, evaluate, spawn};

/// A comment by `user` on `thread`, written directly at `at`.
async fn comment_at(app: &TestApp, user: &Session, thread: &str, at: DateTime<Utc>) {
    comments::Entity::insert(comments::ActiveModel {
        thread_id: Set(raw_id(thread)),
        answer_id: Set(None),
        author_id: Set(raw_id(&user.id)),
        body: Set("Still here.".to_owned()),
        body_html: Set("<p>Still here.</p>".to_owned()),
        edited_at: Set(None),
        deleted_at: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    })
    .exec_without_returning(&app.db)
    .await
    .unwrap();
}

/// An upvote by `user` on `thread`, written directly at `at`.
async fn vote_at(app: &TestApp, user: &Session, thread: &str, at: DateTime<Utc>) {
    votes::Entity::insert(votes::ActiveModel {
        user_id: Set(raw_id(&user.id)),
        target_kind: Set(votes::PostKind::Thread),
        target_id: Set(raw_id(thread)),
        value: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
    })
    .exec_without_returning(&app.db)
    .await
    .unwrap();
}

#[tokio::test]
async fn thirty_consecutive_active_days_make_a_dedicated_member() {
    let app = spawn().await;
    // Noon on the server, before anyone signs in: a request made now falls
    // on the same UTC day as `now`, however long the test takes.
    let real = app.clock.now();
    let noon = real.date_naive().and_hms_opt(12, 0, 0).unwrap().and_utc();
    let noon = if noon <= real {
        noon + chrono::Duration::days(1)
    } else {
        noon
    };
    app.clock.advance(noon - real);
    let now = app.clock.now();
    let day = |back: i64| now - chrono::Duration::days(back);

    let host = app.learner("host").await;
    let gappy = app.learner("gappy").await;
    let steady = app.learner("steady").await;
    let thread = app.question(&host, "Daily standup").await;

    // 30 active days with a gap (16 days back): two runs of 15.
    for back in (1..=31).filter(|back| *back != 16) {
        comment_at(&app, &gappy, &thread, day(back)).await;
    }
    assert!(
        evaluate(&app, &gappy).await.is_empty(),
        "a gap breaks the run"
    );
    // A vote fills the gap: 31 days in a row.
    vote_at(&app, &gappy, &thread, day(16)).await;
    assert_eq!(evaluate(&app, &gappy).await, ["DEDICATED"]);
    assert_awarded_once(&app, &gappy, "DEDICATED", 1).await;

    // 29 days in a row (the first a vote) are not enough...
    vote_at(&app, &steady, &thread, day(29)).await;
    for back in 1..=28 {
        comment_at(&app, &steady, &thread, day(back)).await;
    }
    assert!(
        evaluate(&app, &steady).await.is_empty(),
        "29 days are not 30"
    );
    // ...and a thread today makes 30.
    app.question(&steady, "Day thirty").await;
    let badge = awaited(&app, &steady, "DEDICATED").await;
    assert_eq!(badge["badge"]["threshold"], 30);
    assert_awarded_once(&app, &steady, "DEDICATED", 1).await;
}
