use clap::Parser;

/// Counts live and peak heap bytes (two relaxed atomics per allocation), so
/// `lyceum eval` can report each model's peak memory exactly.
#[global_allocator]
static ALLOC: peak_alloc::PeakAlloc = peak_alloc::PeakAlloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    lyceum::memory::return_large_blocks_to_the_os();
    // A .env file is optional; real environment variables win.
    let _ = dotenvy::dotenv();
    lyceum::cli::run(lyceum::cli::Cli::parse()).await
}
