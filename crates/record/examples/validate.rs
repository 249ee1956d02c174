//! Validates JSON Lines records (standard input) against the document/1 JSON Schema.
//!
//!     jishi extract --format jsonl corpus/ | cargo run --release -p jishi-record --example validate
//!
//! Prints the number of valid and invalid records and the first errors; exits 1 if any is invalid.

use std::io::BufRead;

fn main() {
    let schema: serde_json::Value =
        serde_json::from_str(jishi_record::JSON_SCHEMA).expect("the embedded schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the embedded schema compiles");
    let (mut valid, mut invalid) = (0usize, 0usize);
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let Ok(line) = line else { break };
        let rec: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                invalid += 1;
                eprintln!("line {}: not JSON: {e}", n + 1);
                continue;
            }
        };
        let errors: Vec<String> = validator
            .iter_errors(&rec)
            .take(3)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        if errors.is_empty() {
            valid += 1;
        } else {
            invalid += 1;
            if invalid <= 10 {
                eprintln!(
                    "line {} ({}): {}",
                    n + 1,
                    rec["article"]["source"],
                    errors.join("; ")
                );
            }
        }
    }
    println!("{valid} valid, {invalid} invalid records");
    std::process::exit(if invalid == 0 { 0 } else { 1 });
}
