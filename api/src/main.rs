use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    lyceum::memory::return_large_blocks_to_the_os();
    // A .env file is optional; real environment variables win.
    let _ = dotenvy::dotenv();
    lyceum::cli::run(lyceum::cli::Cli::parse()).await
}
