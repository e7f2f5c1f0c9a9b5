//! Certification over GraphQL: staff certify creators and revoke it; a
//! profile shows the certification in force, staff see the whole log.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

use crate::{
    auth::STAFF_ROLES,
    graphql::{
        accounts::types::User,
        context::ContextExt,
        errors::GqlResult,
        guards::RoleGuard,
        ids::{self, NodeKind},
    },
    services::rewards::certifications::{self as service},
};

/// Staff's certification of a creator as an expert in some tags. Everyone
/// sees the one in force; the note, the actors and revoked certifications
/// are for staff (null for others).
pub struct Certification {
    inner: service::Certification,
    /// Whether the viewer is staff, who see every field.
    full: bool,
}

impl Certification {
    fn staff_view(inner: service::Certification) -> Self {
        Certification { inner, full: true }
    }
}

async fn load_user(ctx: &Context<'_>, id: Option<i64>) -> async_graphql::Result<Option<User>> {
    let Some(id) = id else {
        return Ok(None);
    };
    Ok(ctx
        .loaders()
        .users
        .load_one(id)
        .await
        .gql()?
        .map(User::from_arc))
}

#[Object]
impl Certification {
    /// The certification's number (certifications are not nodes).
    async fn id(&self) -> ID {
        ID(self.inner.record.id.to_string())
    }

    /// The tags the creator is certified in, alphabetically.
    async fn tags(&self) -> &[String] {
        &self.inner.tags
    }

    /// Staff's note on the grant; null when none was given or for non-staff.
    async fn note(&self) -> Option<&str> {
        let note = self.inner.record.note.as_str();
        (self.full && !note.is_empty()).then_some(note)
    }

    /// When it was granted.
    async fn granted_at(&self) -> DateTime<Utc> {
        self.inner.record.granted_at
    }

    /// Who granted it (staff only).
    async fn granted_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        load_user(ctx, self.full.then_some(self.inner.record.granted_by)).await
    }

    /// When it was revoked; null while in force.
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.inner.record.revoked_at.filter(|_| self.full)
    }

    /// Who revoked it (staff only).
    async fn revoked_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        load_user(ctx, self.inner.record.revoked_by.filter(|_| self.full)).await
    }

    /// Why it was revoked (staff only).
    async fn revoke_reason(&self) -> Option<&str> {
        self.inner
            .record
            .revoke_reason
            .as_deref()
            .filter(|_| self.full)
    }

    /// Whether it is the user's certification now (not revoked).
    async fn in_force(&self) -> bool {
        self.inner.in_force()
    }
}

/// A user's certifications as the viewer may see them, newest first: the
/// one in force for everyone, the whole log for staff. Batched through a
/// DataLoader, so a list of users costs one statement.
pub async fn certifications_of(
    ctx: &Context<'_>,
    user_id: i64,
) -> async_graphql::Result<Vec<Certification>> {
    let staff = ctx
        .viewer_opt()
        .is_some_and(|viewer| viewer.has_any_role(STAFF_ROLES));
    let all = ctx
        .loaders()
        .certifications
        .load_one(user_id)
        .await
        .gql()?
        .unwrap_or_default();
    Ok(all
        .into_iter()
        .filter(|certification| staff || certification.in_force())
        .map(|inner| Certification { inner, full: staff })
        .collect())
}

fn user_id(id: &ID) -> async_graphql::Result<i64> {
    ids::decode("userId", NodeKind::User, id).gql()
}

#[derive(Default)]
pub struct CertificationsQuery;

#[Object]
impl CertificationsQuery {
    /// A user's certifications, granted and revoked, newest first
    /// (moderators and administrators).
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn certifications(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The user's global ID.")] user_id: ID,
    ) -> async_graphql::Result<Vec<Certification>> {
        certifications_of(ctx, self::user_id(&user_id)?).await
    }
}

#[derive(Default)]
pub struct CertificationsMutation;

#[Object]
impl CertificationsMutation {
    /// Certifies a creator as an expert in 1–10 existing tags (moderators
    /// and administrators). BAD_USER_INPUT (field userId) for a user who is
    /// not a creator, (field tags) for no, too many or unknown tags;
    /// CONFLICT when a certification is in force: revoke it first.
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn certify_creator(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The creator's global ID.")] user_id: ID,
        #[graphql(desc = "Names of existing tags, 1–10.")] tags: Vec<String>,
        #[graphql(desc = "Up to 1,000 characters, seen by staff.")] note: Option<String>,
    ) -> async_graphql::Result<Certification> {
        let user_id = self::user_id(&user_id)?;
        service::certify(
            &ctx.state().db,
            ctx.viewer()?,
            user_id,
            tags,
            note,
            ctx.now(),
        )
        .await
        .map(Certification::staff_view)
        .gql()
    }

    /// Revokes the user's certification in force (moderators and
    /// administrators); it stays in the log with the reason. NOT_FOUND when
    /// none is in force.
    #[graphql(guard = "RoleGuard::STAFF")]
    async fn revoke_certification(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The creator's global ID.")] user_id: ID,
        #[graphql(desc = "1–1,000 characters.")] reason: String,
    ) -> async_graphql::Result<Certification> {
        let user_id = self::user_id(&user_id)?;
        service::revoke(&ctx.state().db, ctx.viewer()?, user_id, &reason, ctx.now())
            .await
            .map(Certification::staff_view)
            .gql()
    }
}
