//! The one integration-test binary: CLI behaviour, report snapshots, bad
//! input, schemas, the shipped dataset, and properties on random datasets.

// A test or bench that cannot unwrap has failed: that is its verdict.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bad_input;
mod baseline;
mod browser;
mod case;
mod cli;
mod crosswalk;
mod cycles;
mod dataset;
mod diff;
mod excel;
mod explore;
mod fuzzed;
mod gaps;
mod goals;
mod hostile;
mod html_report;
mod lckg;
mod limits;
mod map;
mod modules;
mod mutation;
mod office;
mod outputs;
mod progress;
mod properties;
mod report;
mod results;
mod review;
mod scale;
mod schema;
mod snapshots;
mod spelling;
mod spreadsheet;
mod statements;
mod unpack;
mod util;
mod workbook;
