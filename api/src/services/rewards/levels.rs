//! Levels (入门 → 中级 → 高级 → 专家) follow points by configured thresholds;
//! the privileges they unlock are checked where the action happens.

use super::RewardSettings;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Novice,
    Intermediate,
    Advanced,
    Expert,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Novice,
        Level::Intermediate,
        Level::Advanced,
        Level::Expert,
    ];

    /// The level a balance has.
    pub fn of_points(points: i64, settings: &RewardSettings) -> Self {
        let reached = settings
            .level_thresholds
            .iter()
            .take_while(|threshold| points >= **threshold)
            .count();
        Self::ALL[reached]
    }

    /// As stored in `users.level`.
    pub fn as_i32(self) -> i32 {
        self as i32
    }

    /// As the API names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Novice => "NOVICE",
            Level::Intermediate => "INTERMEDIATE",
            Level::Advanced => "ADVANCED",
            Level::Expert => "EXPERT",
        }
    }

    pub fn from_i32(value: i32) -> Self {
        Self::ALL[value.clamp(0, 3) as usize]
    }

    /// Points at which this level begins.
    pub fn threshold(self, settings: &RewardSettings) -> i64 {
        match self {
            Level::Novice => 0,
            other => settings.level_thresholds[other as usize - 1],
        }
    }

    pub fn next(self) -> Option<Self> {
        Self::ALL.get(self as usize + 1).copied()
    }
}

/// How far a balance is from the next level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelProgress {
    pub level: Level,
    pub next: Option<Level>,
    /// Points the current level began at, and the next one begins at.
    pub current_threshold: i64,
    pub next_threshold: Option<i64>,
    /// 0.0 ..= 1.0 (1.0 at the top level).
    pub fraction: f64,
}

pub fn progress(points: i64, settings: &RewardSettings) -> LevelProgress {
    let level = Level::of_points(points, settings);
    let current_threshold = level.threshold(settings);
    let next = level.next();
    let next_threshold = next.map(|next| next.threshold(settings));
    let fraction = match next_threshold {
        Some(next) => ((points - current_threshold) as f64 / (next - current_threshold) as f64)
            .clamp(0.0, 1.0),
        None => 1.0,
    };
    LevelProgress {
        level,
        next,
        current_threshold,
        next_threshold,
        fraction,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_thresholds() {
        let settings = RewardSettings::default();
        assert_eq!(Level::of_points(1, &settings), Level::Novice);
        assert_eq!(Level::of_points(100, &settings), Level::Intermediate);
        assert_eq!(Level::of_points(999, &settings), Level::Intermediate);
        assert_eq!(Level::of_points(5_000, &settings), Level::Expert);
        let halfway = progress(550, &settings);
        assert_eq!(halfway.next, Some(Level::Advanced));
        assert!((halfway.fraction - 0.5).abs() < 1e-9);
        assert_eq!(progress(9_000, &settings).fraction, 1.0);
    }
}
