//! Arranging courses through the API, as a creator would.

use serde_json::{Value, json};

use crate::{GqlResponse, Session, TestApp};

pub const CREATE_COURSE: &str = r#"mutation Create($input: CreateCourseInput!) {
  createCourse(input: $input) { id slug status }
}"#;
pub const ADD_LESSON: &str = r#"mutation Add($courseId: ID!, $input: AddLessonInput!) {
  addLesson(courseId: $courseId, input: $input) { id position }
}"#;
pub const PUBLISH: &str = r#"mutation Publish($id: ID!) { publishCourse(id: $id) { id status } }"#;
pub const ENROLL: &str = r#"mutation Enroll($courseId: ID!, $key: String!) {
  enroll(courseId: $courseId, idempotencyKey: $key) { id pricePaidCents currency }
}"#;

/// A course as the tests arrange it.
#[derive(Debug, Clone)]
pub struct TestCourse {
    pub id: String,
    pub slug: String,
    pub lesson_ids: Vec<String>,
}

impl TestApp {
    /// A draft course with the given price; returns its id and slug.
    pub async fn draft_course(
        &self,
        creator: &Session,
        title: &str,
        price_cents: i64,
    ) -> TestCourse {
        let created = self
            .gql_as(
                creator,
                CREATE_COURSE,
                json!({ "input": {
                    "title": title,
                    "summary": format!("All about {title}"),
                    "description": format!("# {title}\n\nLearn **{title}**."),
                    "tags": ["testing"],
                    "level": "BEGINNER",
                    "priceCents": price_cents,
                    "currency": "USD",
                }}),
            )
            .await;
        let course = &created.ok()["createCourse"];
        TestCourse {
            id: course["id"].as_str().unwrap().to_owned(),
            slug: course["slug"].as_str().unwrap().to_owned(),
            lesson_ids: Vec::new(),
        }
    }

    pub async fn add_lesson(
        &self,
        creator: &Session,
        course: &mut TestCourse,
        title: &str,
        free_preview: bool,
    ) -> GqlResponse {
        let response = self
            .gql_as(
                creator,
                ADD_LESSON,
                json!({ "courseId": course.id, "input": {
                    "title": title, "body": format!("Body of {title}"),
                    "freePreview": free_preview, "durationMinutes": 10,
                }}),
            )
            .await;
        if let Some(id) = response.data()["addLesson"]["id"].as_str() {
            course.lesson_ids.push(id.to_owned());
        }
        response
    }

    /// A published course with `lessons` lessons, the first a free preview.
    pub async fn published_course(
        &self,
        creator: &Session,
        title: &str,
        price_cents: i64,
        lessons: usize,
    ) -> TestCourse {
        let mut course = self.draft_course(creator, title, price_cents).await;
        for i in 0..lessons {
            self.add_lesson(
                creator,
                &mut course,
                &format!("{title} lesson {}", i + 1),
                i == 0,
            )
            .await
            .ok();
        }
        self.gql_as(creator, PUBLISH, json!({ "id": course.id }))
            .await
            .ok();
        course
    }

    pub async fn enroll(&self, learner: &Session, course: &TestCourse, key: &str) -> GqlResponse {
        self.gql_as(
            learner,
            ENROLL,
            json!({ "courseId": course.id, "key": key }),
        )
        .await
    }

    /// The enrolment id of a successful `enroll`.
    pub async fn enrolled(&self, learner: &Session, course: &TestCourse) -> String {
        let key = format!("key-{}-{}", learner.username, course.slug);
        self.enroll(learner, course, &key).await.ok()["enroll"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// SQL statements the server has sent so far (from /metrics).
    pub async fn statements_sent(&self) -> u64 {
        let text = self.get("/metrics").await.text().await.unwrap();
        text.lines()
            .find_map(|line| line.strip_prefix("lyceum_db_statements_total "))
            .and_then(|n| n.trim().parse().ok())
            .expect("the statement counter in /metrics")
    }

    /// The statement count once background work has stopped sending
    /// statements (none for 100 ms).
    pub async fn statements_settled(&self) -> u64 {
        let mut last = self.statements_sent().await;
        loop {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            let now = self.statements_sent().await;
            if now == last {
                return now;
            }
            last = now;
        }
    }
}

/// `data.course` of a response, for brevity.
pub fn course_of(response: &GqlResponse) -> &Value {
    &response.data()["course"]
}
