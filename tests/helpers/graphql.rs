//! Talking GraphQL to a test server.

use lyceum::error::ErrorCode;
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::TestApp;

/// A GraphQL response with its HTTP status.
#[derive(Debug, Clone)]
pub struct GqlResponse {
    pub status: StatusCode,
    pub content_type: String,
    pub body: Value,
}

impl GqlResponse {
    pub fn data(&self) -> &Value {
        &self.body["data"]
    }

    pub fn errors(&self) -> &[Value] {
        self.body["errors"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// `extensions.code` of the first error, if any (an unknown code panics:
    /// the server only sends the codes of `ErrorCode`).
    pub fn code(&self) -> Option<ErrorCode> {
        let code = self.errors().first()?["extensions"]["code"].as_str()?;
        Some(ErrorCode::parse(code).unwrap_or_else(|| panic!("unknown error code {code}")))
    }

    pub fn first_error(&self) -> &Value {
        self.errors().first().unwrap_or(&Value::Null)
    }

    /// Asserts success and returns `data`.
    #[track_caller]
    pub fn ok(&self) -> &Value {
        assert!(
            self.errors().is_empty() && self.status == StatusCode::OK,
            "expected success, got {} {}",
            self.status,
            self.body
        );
        self.data()
    }

    /// Asserts that the first error has this code and returns that error.
    #[track_caller]
    pub fn expect_code(&self, code: ErrorCode) -> &Value {
        assert_eq!(
            self.code(),
            Some(code),
            "unexpected response {} {}",
            self.status,
            self.body
        );
        self.first_error()
    }
}

/// A signed-in user: tokens plus identity.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    pub username: String,
    pub access_token: String,
    pub refresh_token: String,
}

pub const LOGIN: &str = r#"
mutation Login($login: String!, $password: String!) {
  login(input: { login: $login, password: $password }) {
    accessToken refreshToken user { id username }
  }
}"#;

impl TestApp {
    /// POSTs a query as JSON, optionally with a bearer token.
    pub async fn gql_with(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> GqlResponse {
        let mut request = self
            .http
            .post(self.graphql_url())
            .header(
                header::ACCEPT,
                "application/graphql-response+json, application/json;q=0.9",
            )
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("the server answers");
        into_gql(response).await
    }

    pub async fn gql(&self, query: &str, variables: Value) -> GqlResponse {
        self.gql_with(None, query, variables).await
    }

    pub async fn gql_as(&self, session: &Session, query: &str, variables: Value) -> GqlResponse {
        self.gql_with(Some(&session.access_token), query, variables)
            .await
    }

    pub async fn try_login(&self, login: &str, password: &str) -> GqlResponse {
        self.gql(LOGIN, json!({ "login": login, "password": password }))
            .await
    }

    pub async fn login(&self, login: &str, password: &str) -> Session {
        let response = self.try_login(login, password).await;
        session_from(&response.ok()["login"])
    }

    /// Registers through the API (as a new user would).
    pub async fn register(&self, username: &str, email: &str, password: &str) -> GqlResponse {
        self.gql(
            r#"mutation Register($input: RegisterInput!) {
                 register(input: $input) { id username displayName role }
               }"#,
            json!({ "input": {
                "email": email, "username": username,
                "password": password, "displayName": username,
            }}),
        )
        .await
    }
}

pub fn session_from(payload: &Value) -> Session {
    Session {
        id: payload["user"]["id"].as_str().expect("user id").to_owned(),
        username: payload["user"]["username"]
            .as_str()
            .expect("username")
            .to_owned(),
        access_token: payload["accessToken"]
            .as_str()
            .expect("access token")
            .to_owned(),
        refresh_token: payload["refreshToken"]
            .as_str()
            .expect("refresh token")
            .to_owned(),
    }
}

pub async fn into_gql(response: reqwest::Response) -> GqlResponse {
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = response.text().await.expect("a body");
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    GqlResponse {
        status,
        content_type,
        body,
    }
}
