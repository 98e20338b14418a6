//! `spamgauge`: score, explain and list tests from the command line.

fn main() {}
