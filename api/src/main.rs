use clap::Parser;

#[global_allocator]
static ALLOC: lyceum::memory::Allocator = lyceum::memory::Allocator;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // A .env file is optional; real environment variables win.
    let _ = dotenvy::dotenv();
    lyceum::cli::run(lyceum::cli::Cli::parse()).await
}
