//! The seeds, on a real database: the demo catalogue and community a fresh
//! start writes (deterministic, bilingual, every counter consistent with its
//! rows) and `lyceum seed --scale N` (proportional counts, consistent
//! counters, refuses a catalogue that exists).

mod community;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use entity::{
    course_tags, courses, enrollments, lessons, reviews, tags,
    users::{self, Role},
};
use lyceum::{
    auth::password,
    seed::{self, scale::Targets},
    services::{
        courses as course_service, moderation::ModerationSettings, rewards::RewardSettings, search,
    },
    text::markdown_to_safe_html,
};
use lyceum_tests::TestDatabase;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryOrder,
    Set, Statement,
};

fn now() -> DateTime<Utc> {
    "2026-11-29T10:30:00Z".parse().unwrap()
}

async fn migrated() -> (TestDatabase, DatabaseConnection) {
    let database = TestDatabase::create().await;
    let db = lyceum::db::connect(&database.url, 2).await.unwrap();
    lyceum::db::migrate(&db).await.unwrap();
    (database, db)
}

async fn number(db: &DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|err| panic!("{sql}: {err}"))
        .expect("one row")
        .try_get_by_index::<i64>(0)
        .unwrap()
}

/// Every derived column agrees with the rows it is derived from, checked
/// with SQL aggregates (and in Rust where the derivation is code).
async fn assert_consistent(db: &DatabaseConnection) {
    let violations = [
        (
            "enrollment_count = active enrolments",
            "SELECT COUNT(*) FROM courses c WHERE c.enrollment_count <> \
             (SELECT COUNT(*) FROM enrollments e WHERE e.course_id = c.id AND e.refunded_at IS NULL)",
        ),
        (
            "rating_count and rating_sum = the reviews",
            "SELECT COUNT(*) FROM courses c WHERE \
             c.rating_count <> (SELECT COUNT(*) FROM reviews r WHERE r.course_id = c.id) OR \
             c.rating_sum <> (SELECT COALESCE(SUM(r.rating), 0) FROM reviews r WHERE r.course_id = c.id)",
        ),
        (
            "stars_1..stars_5 = the reviews of each rating",
            "SELECT COUNT(*) FROM courses c WHERE \
             c.stars_1 <> (SELECT COUNT(*) FROM reviews r WHERE r.course_id = c.id AND r.rating = 1) OR \
             c.stars_2 <> (SELECT COUNT(*) FROM reviews r WHERE r.course_id = c.id AND r.rating = 2) OR \
             c.stars_3 <> (SELECT COUNT(*) FROM reviews r WHERE r.course_id = c.id AND r.rating = 3) OR \
             c.stars_4 <> (SELECT COUNT(*) FROM reviews r WHERE r.course_id = c.id AND r.rating = 4) OR \
             c.stars_5 <> (SELECT COUNT(*) FROM reviews r WHERE r.course_id = c.id AND r.rating = 5)",
        ),
        (
            "lesson_count = lessons, positions 1..n",
            "SELECT COUNT(*) FROM courses c WHERE \
             c.lesson_count <> (SELECT COUNT(*) FROM lessons l WHERE l.course_id = c.id) OR \
             c.lesson_count <> (SELECT COUNT(DISTINCT l.position) FROM lessons l \
                                WHERE l.course_id = c.id AND l.position BETWEEN 1 AND c.lesson_count)",
        ),
        (
            "one or two free previews per course",
            "SELECT COUNT(*) FROM courses c WHERE \
             (SELECT COUNT(*) FROM lessons l WHERE l.course_id = c.id AND l.free_preview) NOT BETWEEN 1 AND 2",
        ),
        (
            "published_at set exactly when published or archived",
            "SELECT COUNT(*) FROM courses WHERE (status = 'DRAFT' AND published_at IS NOT NULL) \
             OR (status <> 'DRAFT' AND published_at IS NULL)",
        ),
        (
            "helpful_count = marks",
            "SELECT COUNT(*) FROM reviews r WHERE r.helpful_count <> \
             (SELECT COUNT(*) FROM review_helpful_marks m WHERE m.review_id = r.id)",
        ),
        (
            "nobody marks their own review",
            "SELECT COUNT(*) FROM review_helpful_marks m JOIN reviews r ON r.id = m.review_id \
             WHERE m.user_id = r.user_id",
        ),
        (
            "progress names the lesson's course",
            "SELECT COUNT(*) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id \
             WHERE p.course_id <> l.course_id",
        ),
        (
            "progress only under an active enrolment",
            "SELECT COUNT(*) FROM lesson_progress p WHERE NOT EXISTS (SELECT 1 FROM enrollments e \
             WHERE e.user_id = p.user_id AND e.course_id = p.course_id AND e.refunded_at IS NULL)",
        ),
        (
            "completed_at set exactly when every lesson is done",
            "SELECT COUNT(*) FROM enrollments e JOIN courses c ON c.id = e.course_id \
             WHERE e.refunded_at IS NULL AND ((e.completed_at IS NOT NULL) <> \
             ((SELECT COUNT(*) FROM lesson_progress p WHERE p.user_id = e.user_id \
               AND p.course_id = e.course_id) = c.lesson_count))",
        ),
        (
            "refunded enrolments are not completed",
            "SELECT COUNT(*) FROM enrollments WHERE refunded_at IS NOT NULL AND completed_at IS NOT NULL",
        ),
        (
            "the price paid is the course's",
            "SELECT COUNT(*) FROM enrollments e JOIN courses c ON c.id = e.course_id \
             WHERE e.price_paid_cents <> c.price_cents OR e.currency <> c.currency",
        ),
        (
            "a refund has a time, a reason and who granted it",
            "SELECT COUNT(*) FROM enrollments WHERE \
             (refunded_at IS NULL AND (refund_reason IS NOT NULL OR refunded_by IS NOT NULL)) OR \
             (refunded_at IS NOT NULL AND (refund_reason IS NULL OR refunded_by IS NULL))",
        ),
        (
            "reviews only by learners enrolled in the course",
            "SELECT COUNT(*) FROM reviews r WHERE NOT EXISTS (SELECT 1 FROM enrollments e \
             WHERE e.user_id = r.user_id AND e.course_id = r.course_id AND e.refunded_at IS NULL)",
        ),
        (
            "nobody enrols in a draft or their own course",
            "SELECT COUNT(*) FROM enrollments e JOIN courses c ON c.id = e.course_id \
             WHERE c.status = 'DRAFT' OR e.user_id = c.creator_id",
        ),
        (
            "price and currency are valid",
            "SELECT COUNT(*) FROM courses WHERE currency NOT IN ('USD', 'CNY') OR \
             (price_cents <> 0 AND price_cents NOT BETWEEN 990 AND 19900)",
        ),
        (
            "idempotency keys are the seed's",
            "SELECT COUNT(*) FROM enrollments WHERE idempotency_key NOT LIKE 'seed-%'",
        ),
    ];
    for (rule, sql) in violations {
        assert_eq!(number(db, sql).await, 0, "{rule}: {sql}");
    }

    // Derivations done in code: the score, the HTML, the search words.
    let tag_names: BTreeMap<i64, String> = tags::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let mut course_tag_names: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for link in course_tags::Entity::find().all(db).await.unwrap() {
        course_tag_names
            .entry(link.course_id)
            .or_default()
            .push(tag_names[&link.tag_id].clone());
    }
    for course in courses::Entity::find().all(db).await.unwrap() {
        let slug_ok = !course.slug.is_empty()
            && course
                .slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        assert!(slug_ok, "slug {:?}", course.slug);
        let expected = course_service::rating_score(course.rating_sum, course.rating_count);
        assert!(
            (course.rating_score - expected).abs() < 1e-9,
            "{}: score {} ≠ {expected}",
            course.slug,
            course.rating_score
        );
        assert_eq!(
            course.description_html,
            markdown_to_safe_html(&course.description),
            "{}",
            course.slug
        );
        let mut names = course_tag_names.remove(&course.id).unwrap_or_default();
        names.sort();
        assert!(!names.is_empty(), "{} has no tags", course.slug);
        assert!(course.created_at <= now() && course.updated_at >= course.created_at);
        if let Some(published) = course.published_at {
            assert!(published >= course.created_at && published <= now());
        }
    }
    for lesson in lessons::Entity::find().all(db).await.unwrap() {
        assert_eq!(lesson.body_html, markdown_to_safe_html(&lesson.body));
        assert!(lesson.duration_minutes > 0);
    }
    for enrollment in enrollments::Entity::find().all(db).await.unwrap() {
        assert!(enrollment.created_at <= now());
        for later in [enrollment.completed_at, enrollment.refunded_at]
            .into_iter()
            .flatten()
        {
            assert!(later >= enrollment.created_at && later <= now());
        }
    }
}

/// New rows still get fresh ids after the seed wrote explicit ones (on
/// PostgreSQL the id sequences must have been moved past them).
async fn assert_ids_continue(db: &DatabaseConnection) {
    let user = users::ActiveModel {
        email: Set(Some("after-the-seed@example.com".into())),
        username: Set("after_the_seed".into()),
        display_name: Set("After".into()),
        password_hash: Set(None),
        role: Set(Role::Creator),
        status: Set(users::Status::Active),
        points: Set(0),
        level: Set(1),
        created_at: Set(now()),
        updated_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("a user after the seed");
    let course = courses::ActiveModel {
        creator_id: Set(user.id),
        title: Set("After the seed".into()),
        slug: Set("after-the-seed".into()),
        summary: Set(String::new()),
        description: Set(String::new()),
        description_html: Set(String::new()),
        level: Set(courses::Level::Beginner),
        price_cents: Set(0),
        currency: Set("USD".into()),
        cover_url: Set(None),
        status: Set(courses::Status::Published),
        enrollment_count: Set(0),
        rating_count: Set(0),
        rating_sum: Set(0),
        rating_score: Set(3.0),
        stars_1: Set(0),
        stars_2: Set(0),
        stars_3: Set(0),
        stars_4: Set(0),
        stars_5: Set(0),
        lesson_count: Set(0),
        published_at: Set(Some(now())),
        created_at: Set(now()),
        updated_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("a course after the seed");
    lessons::ActiveModel {
        course_id: Set(course.id),
        position: Set(1),
        title: Set("One".into()),
        body: Set(String::new()),
        body_html: Set(String::new()),
        free_preview: Set(true),
        duration_minutes: Set(5),
        created_at: Set(now()),
        updated_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("a lesson after the seed");
    enrollments::ActiveModel {
        user_id: Set(user.id),
        course_id: Set(course.id),
        price_paid_cents: Set(0),
        currency: Set("USD".into()),
        idempotency_key: Set("after".into()),
        created_at: Set(now()),
        completed_at: Set(None),
        refunded_at: Set(None),
        refund_reason: Set(None),
        refunded_by: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("an enrolment after the seed");
    reviews::ActiveModel {
        course_id: Set(course.id),
        user_id: Set(user.id),
        rating: Set(5),
        body: Set(String::new()),
        helpful_count: Set(0),
        created_at: Set(now()),
        updated_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("a review after the seed");
}

/// What two runs of the demo seed must agree on.
async fn fingerprint(db: &DatabaseConnection) -> Vec<String> {
    let mut lines = Vec::new();
    for u in users::Entity::find()
        .order_by_asc(users::Column::Id)
        .all(db)
        .await
        .unwrap()
    {
        lines.push(format!(
            "user {} {} {} {:?} {:?}",
            u.id, u.username, u.display_name, u.role, u.created_at
        ));
    }
    for c in courses::Entity::find()
        .order_by_asc(courses::Column::Id)
        .all(db)
        .await
        .unwrap()
    {
        lines.push(format!(
            "course {} {} {} {:?} {} {} {} {} {} {} {:?}",
            c.id,
            c.slug,
            c.title,
            c.status,
            c.enrollment_count,
            c.rating_count,
            c.rating_sum,
            c.lesson_count,
            c.price_cents,
            c.currency,
            c.published_at,
        ));
    }
    for e in enrollments::Entity::find()
        .order_by_asc(enrollments::Column::Id)
        .all(db)
        .await
        .unwrap()
    {
        lines.push(format!(
            "enrollment {} {} {} {:?} {:?} {:?}",
            e.user_id, e.course_id, e.idempotency_key, e.created_at, e.completed_at, e.refunded_at
        ));
    }
    for r in reviews::Entity::find()
        .order_by_asc(reviews::Column::Id)
        .all(db)
        .await
        .unwrap()
    {
        lines.push(format!(
            "review {} {} {} {} {}",
            r.course_id, r.user_id, r.rating, r.helpful_count, r.body
        ));
    }
    lines
}

#[tokio::test]
async fn the_demo_catalogue_is_deterministic_bilingual_and_consistent() {
    let ((_a, a), (_b, b)) = tokio::join!(migrated(), migrated());
    let rewards = RewardSettings::default();
    let moderation = ModerationSettings::default();
    let (logins_a, logins_b) = tokio::join!(
        seed::seed_if_empty(&a, &rewards, &moderation, now()),
        seed::seed_if_empty(&b, &rewards, &moderation, now())
    );
    let logins = logins_a.unwrap().expect("seeded");
    assert!(logins_b.unwrap().is_some());
    assert_eq!(fingerprint(&a).await, fingerprint(&b).await);
    assert_eq!(
        community::fingerprint(&a).await,
        community::fingerprint(&b).await
    );

    // The demo sign-ins are all there, unchanged.
    let usernames: Vec<&str> = logins.iter().map(|l| l.username).collect();
    assert_eq!(
        usernames,
        [
            "admin",
            "moderator",
            "creator_lin",
            "creator_sam",
            "learner_ana",
            "learner_ben",
            "learner_chen",
            "learner_dia"
        ]
    );
    assert_eq!(seed::existing_demo_logins(&a).await.unwrap().len(), 8);
    let all_users = users::Entity::find().all(&a).await.unwrap();
    let admin = all_users.iter().find(|u| u.username == "admin").unwrap();
    assert_eq!(admin.role, Role::Admin);
    assert_eq!(admin.email.as_deref(), Some("admin@lyceum.example"));
    assert!(
        password::verify(seed::DEMO_PASSWORD.into(), admin.password_hash.clone())
            .await
            .unwrap()
    );

    // The moderation queue and log have something to show: reports
    // grouped into items, some resolved, watched words.
    let open_items = number(
        &a,
        "SELECT COUNT(*) FROM moderation_items WHERE status = 'OPEN'",
    )
    .await;
    let resolved = number(
        &a,
        "SELECT COUNT(*) FROM moderation_items WHERE status = 'RESOLVED'",
    )
    .await;
    assert!(
        open_items >= 4 && resolved == 3,
        "{open_items} open, {resolved} resolved"
    );
    assert!(number(&a, "SELECT COUNT(*) FROM reports").await > open_items + resolved);
    assert_eq!(
        number(
            &a,
            "SELECT COUNT(*) FROM moderation_log WHERE action = 'RESOLVE_REPORT'"
        )
        .await,
        3
    );
    assert_eq!(number(&a, "SELECT COUNT(*) FROM watched_words").await, 3);

    // The sizes the brief promises.
    assert_eq!(all_users.len(), seed::catalogue::DEMO_USER_COUNT);
    let role_count = |role| all_users.iter().filter(|u| u.role == role).count();
    assert_eq!(role_count(Role::Admin), 1);
    assert_eq!(role_count(Role::Moderator), 1);
    assert!((10..=14).contains(&role_count(Role::Creator)));
    let all_courses = courses::Entity::find().all(&a).await.unwrap();
    assert_eq!(all_courses.len(), 40);
    let status_count = |status| all_courses.iter().filter(|c| c.status == status).count();
    assert!((2..=3).contains(&status_count(courses::Status::Draft)));
    assert!((1..=2).contains(&status_count(courses::Status::Archived)));
    assert!(
        all_courses
            .iter()
            .all(|c| (5..=12).contains(&c.lesson_count))
    );
    assert!(all_courses.iter().any(|c| c.price_cents == 0));
    let chinese = all_courses
        .iter()
        .filter(|c| {
            c.title
                .chars()
                .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
        })
        .count();
    assert!((15..=25).contains(&chinese), "{chinese} Chinese titles");
    let recsys = all_courses
        .iter()
        .find(|c| c.title == "个性化推荐算法入门")
        .expect("the recommender course");
    assert!(recsys.slug.is_ascii());

    // At least eight topics, in both languages.
    let vocabulary: BTreeSet<String> = tags::Entity::find()
        .all(&a)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    for topic in [
        "rust",
        "python",
        "数据科学",
        "机器学习",
        "推荐系统",
        "web",
        "产品设计",
        "摄影",
        "投资理财",
        "sql",
    ] {
        assert!(vocabulary.contains(topic), "no {topic} in {vocabulary:?}");
    }

    // Enrolment has a popular head and a long tail; learners finish, stop
    // halfway, ask for refunds, review and mark reviews helpful.
    let mut popularity: Vec<i64> = all_courses.iter().map(|c| c.enrollment_count).collect();
    popularity.sort_unstable_by(|x, y| y.cmp(x));
    let total: i64 = popularity.iter().sum();
    assert!(total >= 300, "{total} enrolments");
    assert!(
        popularity[0] * 10 >= total,
        "no popular course: {popularity:?}"
    );
    assert!(popularity[0] >= 5 * popularity[popularity.len() / 2]);
    for (what, sql, at_least) in [
        (
            "refunds",
            "SELECT COUNT(*) FROM enrollments WHERE refunded_at IS NOT NULL",
            2,
        ),
        (
            "completions",
            "SELECT COUNT(*) FROM enrollments WHERE completed_at IS NOT NULL",
            20,
        ),
        (
            "learners halfway",
            "SELECT COUNT(*) FROM enrollments e WHERE e.completed_at IS NULL AND EXISTS \
             (SELECT 1 FROM lesson_progress p WHERE p.user_id = e.user_id AND p.course_id = e.course_id)",
            20,
        ),
        ("reviews", "SELECT COUNT(*) FROM reviews", 50),
        (
            "good reviews",
            "SELECT COUNT(*) FROM reviews WHERE rating >= 4",
            30,
        ),
        (
            "critical reviews",
            "SELECT COUNT(*) FROM reviews WHERE rating <= 3",
            5,
        ),
        (
            "helpful marks",
            "SELECT COUNT(*) FROM review_helpful_marks",
            10,
        ),
    ] {
        let n = number(&a, sql).await;
        assert!(n >= at_least, "{n} {what}");
    }
    // Reviews skew to 4–5 stars.
    assert!(
        number(&a, "SELECT COUNT(*) FROM reviews WHERE rating >= 4").await
            > 2 * number(&a, "SELECT COUNT(*) FROM reviews WHERE rating <= 3").await
    );
    // Each named demo learner has a finished course and one under way.
    for learner in ["learner_ana", "learner_ben", "learner_chen", "learner_dia"] {
        let id = all_users.iter().find(|u| u.username == learner).unwrap().id;
        let finished = number(
            &a,
            &format!(
                "SELECT COUNT(*) FROM enrollments WHERE user_id = {id} AND completed_at IS NOT NULL"
            ),
        )
        .await;
        let under_way = number(
            &a,
            &format!(
                "SELECT COUNT(*) FROM enrollments e WHERE e.user_id = {id} AND e.completed_at IS NULL \
                 AND EXISTS (SELECT 1 FROM lesson_progress p WHERE p.user_id = e.user_id AND p.course_id = e.course_id)"
            ),
        )
        .await;
        assert!(finished >= 1 && under_way >= 1, "{learner}");
    }

    assert_consistent(&a).await;
    community::assert_demo(&a).await;
    community::assert_consistent(&a).await;

    // A second start seeds nothing.
    assert!(
        seed::seed_if_empty(
            &a,
            &RewardSettings::default(),
            &ModerationSettings::default(),
            now()
        )
        .await
        .unwrap()
        .is_none()
    );
    assert_eq!(courses::Entity::find().count(&a).await.unwrap(), 40);

    assert_ids_continue(&a).await;
    a.close().await.unwrap();
    b.close().await.unwrap();
}

#[tokio::test]
async fn the_scale_seed_is_proportional_consistent_and_refuses_a_second_run() {
    let (_database, db) = migrated().await;
    let scale = 0.002;
    let targets = Targets::for_scale(scale).unwrap();
    assert_eq!(
        targets,
        Targets {
            users: 200,
            courses: 20,
            lessons: 200,
            enrollments: 2_000,
            reviews: 400,
            threads: 400,
            answers: 2_000,
            comments: 3_000,
            votes: 10_000,
            follows: 300,
        }
    );
    let report = seed::scale::run(&db, scale, &RewardSettings::default(), now())
        .await
        .unwrap();
    for (table, expected) in [
        ("users", targets.users),
        ("courses", targets.courses),
        ("lessons", targets.lessons),
        ("enrollments", targets.enrollments),
        ("reviews", targets.reviews),
        ("threads", targets.threads),
        ("answers", targets.answers),
        ("comments", targets.comments),
        ("votes", targets.votes),
        ("follows", targets.follows),
    ] {
        assert_eq!(report.rows(table), expected, "{table} in the report");
        let stored = number(&db, &format!("SELECT COUNT(*) FROM {table}")).await;
        assert_eq!(stored, expected as i64, "{table} stored");
    }
    assert!(report.rows("course_tags") >= targets.courses);
    assert!(report.rows("lesson_progress") > 0);
    assert!(report.rows("review_helpful_marks") > 0);
    assert!(
        number(
            &db,
            "SELECT COUNT(*) FROM enrollments WHERE completed_at IS NOT NULL"
        )
        .await
            > 0
    );
    assert!(
        number(
            &db,
            "SELECT COUNT(*) FROM enrollments WHERE refunded_at IS NOT NULL"
        )
        .await
            > 0
    );
    assert_eq!(
        number(&db, "SELECT COUNT(DISTINCT username) FROM users").await,
        targets.users as i64
    );

    assert!(report.rows("thread_tags") >= targets.threads);
    assert!(report.rows("notifications") > 0);
    for (what, sql) in [
        (
            "course threads",
            "SELECT COUNT(*) FROM threads WHERE course_id IS NOT NULL",
        ),
        (
            "accepted answers",
            "SELECT COUNT(*) FROM threads WHERE accepted_answer_id IS NOT NULL",
        ),
        ("downvotes", "SELECT COUNT(*) FROM votes WHERE value < 0"),
        (
            "unread notifications",
            "SELECT COUNT(*) FROM notifications WHERE read_at IS NULL",
        ),
    ] {
        assert!(number(&db, sql).await > 0, "no {what}");
    }

    assert_consistent(&db).await;
    community::assert_consistent(&db).await;

    // The search index catches up with the bulk load in one pass; a second
    // pass finds nothing missing.
    let sources = number(
        &db,
        "SELECT (SELECT COUNT(*) FROM courses WHERE status = 'PUBLISHED') \
         + (SELECT COUNT(*) FROM threads WHERE deleted_at IS NULL AND hidden_at IS NULL) \
         + (SELECT COUNT(*) FROM answers WHERE deleted_at IS NULL AND hidden_at IS NULL)",
    )
    .await;
    let mut heard = 0;
    let indexed = search::index::index_missing(&db, |written| heard = written)
        .await
        .unwrap();
    assert_eq!((indexed as i64, heard), (sources, indexed));
    assert_eq!(
        number(&db, "SELECT COUNT(*) FROM search_documents").await,
        sources
    );
    assert_eq!(search::index::index_missing(&db, |_| {}).await.unwrap(), 0);

    // A catalogue exists now: a second run refuses and writes nothing.
    assert!(
        seed::scale::run(&db, scale, &RewardSettings::default(), now())
            .await
            .is_err()
    );
    assert_eq!(
        number(&db, "SELECT COUNT(*) FROM courses").await,
        targets.courses as i64
    );
    assert_eq!(
        number(&db, "SELECT COUNT(*) FROM users").await,
        targets.users as i64
    );

    assert_ids_continue(&db).await;
    db.close().await.unwrap();
}
