//! The `lyceum` command line: serve (default), migrate, seed, export-schema, eval, train, badges.

pub mod badges;
pub mod eval;
pub mod train;

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use migration::{Migrator, MigratorTrait};

use crate::{config::Settings, db, graphql, seed, startup::Application, telemetry};

#[derive(Debug, Parser)]
#[command(
    name = "lyceum",
    version,
    about = "Lyceum: the GraphQL backend of a paid-knowledge community"
)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (the default): GraphQL, the IDE, /admin, probes, metrics.
    Serve,
    /// Apply or roll back database migrations.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Add the demo accounts and the demo catalogue to a database without
    /// users; or, with --scale, benchmark data to a database without courses;
    /// or, with --events, analytics events for the users there.
    Seed {
        /// Benchmark data instead: N × (100,000 users, 10,000 courses, 100,000
        /// lessons, 1,000,000 enrolments, 200,000 reviews), with tags,
        /// progress and helpful marks (N may be fractional, e.g. 0.1).
        #[arg(long, value_name = "N", value_parser = parse_scale)]
        scale: Option<f64>,
        /// Add N analytics events over the last 365 days for the users there
        /// (after --scale's data, when both are given): sign-ups at each
        /// user's creation, then sessions in a realistic mix and rhythm.
        #[arg(long, value_name = "N")]
        events: Option<u64>,
    },
    /// Print the GraphQL schema (SDL), as checked in at schema.graphql.
    ExportSchema {
        /// Write to this file instead of stdout.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Evaluate the recommendation models offline on MovieLens-format data.
    Eval(Box<eval::EvalArgs>),
    /// Train a recommender model from the platform's signals, store it as a
    /// new version and activate it (running servers swap to it).
    Train {
        /// The model to fit.
        #[arg(long, value_enum, default_value = "auto")]
        model: train::TrainModel,
    },
    /// Award the badges users qualify for but lack; safe to run any number
    /// of times.
    Badges {
        /// Evaluate every user (with a progress bar).
        #[arg(long, required = true)]
        recheck: bool,
    },
    /// Re-add every ledger (points, daily sums, creator earnings) and report
    /// whatever does not add up; exits with status 1 if anything does not.
    AuditLedger,
}

/// A `--scale` factor: a positive, finite number.
fn parse_scale(raw: &str) -> Result<f64, String> {
    match raw.parse::<f64>() {
        Ok(scale) if scale.is_finite() && scale > 0.0 => Ok(scale),
        _ => Err(format!("expected a positive number, got {raw:?}")),
    }
}

#[derive(Debug, Subcommand)]
pub enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Roll back the newest migrations.
    Down {
        /// How many to roll back.
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = cli.settings;
    telemetry::init(settings.log_format);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(&settings).await?;
            tracing::info!(
                "Lyceum listening on http://{}:{} (GraphQL IDE at /graphql, admin UI at /admin)",
                settings.bind_addr.ip(),
                app.port()
            );
            app.run_until_signalled().await?;
        }
        Command::Migrate { action } => {
            let db = db::connect(&settings.database_url, 1).await?;
            match action {
                MigrateAction::Up => Migrator::up(&db, None).await?,
                MigrateAction::Down { steps } => Migrator::down(&db, Some(steps)).await?,
                MigrateAction::Status => {}
            }
            for migration in Migrator::get_migration_with_status(&db).await? {
                println!("{:?}\t{}", migration.status(), migration.name());
            }
        }
        Command::Seed {
            scale: None,
            events: Some(events),
        } => seed_events(&settings, events).await?,
        Command::Seed {
            scale: None,
            events: None,
        } => {
            let db = db::connect(&settings.database_url, 1).await?;
            db::migrate(&db).await?;
            match seed::seed_if_empty_in(
                &db,
                &settings.reward_settings()?,
                &settings.moderation_settings()?,
                settings.analytics_zone()?,
                chrono::Utc::now(),
            )
            .await?
            {
                Some(logins) => println!("{}", seed::describe(&logins)),
                None => println!("the database already has users; nothing seeded"),
            }
        }
        Command::Seed {
            scale: Some(scale),
            events,
        } => {
            let started = std::time::Instant::now();
            let db = db::connect(&settings.database_url, 1).await?;
            db::migrate(&db).await?;
            let report =
                seed::scale::run(&db, scale, &settings.reward_settings()?, chrono::Utc::now())
                    .await?;
            println!("{report}");
            let progress = indicatif::ProgressBar::new_spinner().with_message("search index");
            let indexed = crate::services::search::index::index_missing(&db, |written| {
                progress.set_position(written)
            })
            .await?;
            progress.finish_with_message(format!("search index: {indexed} documents"));
            println!(
                "elapsed: {:.1} s (migrations included)",
                started.elapsed().as_secs_f64()
            );
            if let Some(events) = events {
                seed_events(&settings, events).await?;
            }
        }
        Command::AuditLedger => {
            let db = db::connect(&settings.database_url, 1).await?;
            let problems = crate::services::rewards::audit::all(&db, chrono::Utc::now()).await?;
            if problems.is_empty() {
                println!("audit-ledger: every balance adds up");
            } else {
                for problem in &problems {
                    println!("{problem}");
                }
                println!("audit-ledger: {} problems", problems.len());
                std::process::exit(1);
            }
        }
        Command::Eval(args) => {
            // Training is CPU-bound: keep it off the async executor.
            tokio::task::spawn_blocking(move || eval::run(*args)).await??;
        }
        Command::Train { model } => train::run(&settings, model).await?,
        Command::Badges { recheck: _ } => badges::recheck(&settings).await?,
        Command::ExportSchema { output } => {
            let sdl = graphql::sdl();
            match output {
                Some(path) => std::fs::write(&path, sdl)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => print!("{sdl}"),
            }
        }
    }
    Ok(())
}

/// `lyceum seed --events N`, with a progress bar.
async fn seed_events(settings: &Settings, events: u64) -> anyhow::Result<()> {
    let db = db::connect(&settings.database_url, 1).await?;
    db::migrate(&db).await?;
    let progress =
        indicatif::ProgressBar::new(events).with_style(indicatif::ProgressStyle::with_template(
            "events {bar:40} {human_pos}/{human_len} {per_sec} eta {eta}",
        )?);
    let report = seed::events::seed(
        &db,
        settings.analytics_zone()?,
        events,
        seed::events::DAYS,
        chrono::Utc::now(),
        |written| progress.set_position(written),
    )
    .await?;
    progress.finish();
    println!("{report}");
    Ok(())
}
