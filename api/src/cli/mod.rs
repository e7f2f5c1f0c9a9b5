//! The `lyceum` command line: serve (default), migrate, seed, export-schema, eval.

pub mod eval;

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
    /// Add the demo accounts to an empty database.
    Seed,
    /// Print the GraphQL schema (SDL), as checked in at schema.graphql.
    ExportSchema {
        /// Write to this file instead of stdout.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Evaluate the recommendation models offline on MovieLens-format data.
    Eval(eval::EvalArgs),
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
        Command::Seed => {
            let db = db::connect(&settings.database_url, 1).await?;
            db::migrate(&db).await?;
            match seed::seed_if_empty(&db, chrono::Utc::now()).await? {
                Some(logins) => println!("{}", seed::describe(&logins)),
                None => println!("the database already has users; nothing seeded"),
            }
        }
        Command::Eval(args) => {
            // Training is CPU-bound: keep it off the async executor.
            tokio::task::spawn_blocking(move || eval::run(args)).await??;
        }
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
