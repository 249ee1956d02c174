//! How long each stage takes on one input: a file, or a generated hostile input.
//!
//! ```text
//! cargo run --release -p jishi-pipeline --example stage_times -- article.html
//! cargo run --release -p jishi-pipeline --example stage_times -- --line 5000000
//! ```
//!
//! `--line N` makes one paragraph of about N bytes without a line break, out of an ordinary news
//! paragraph repeated (names, a quote, pronouns, dates): the shape of a feed that lost its line
//! breaks, and the worst case for any stage that compares what it finds with what came before.

use std::time::{Duration, Instant};

const PARAGRAPH: &str = "国防部长张又侠30日在北京会见老挝国防部长占沙蒙。他说：“两军合作不断深化，\
    双方愿意继续加强交流。”占沙蒙表示，老方感谢中方的支持。据新华社报道，双方还就地区安全形势交换了意见，\
    并同意明年举行联合演习。美国国务院发言人米勒10月31日对记者说，华盛顿密切关注有关动向。她表示，";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (name, bytes) = match args.as_slice() {
        [flag, n] if flag == "--line" => {
            let n: usize = n.parse().expect("--line takes a size in bytes");
            let mut s = String::with_capacity(n + PARAGRAPH.len());
            while s.len() < n {
                s.push_str(PARAGRAPH);
            }
            (format!("one line of {} bytes", s.len()), s.into_bytes())
        }
        [path] => (
            path.clone(),
            std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}")),
        ),
        _ => {
            eprintln!("usage: stage_times FILE | stage_times --line BYTES");
            std::process::exit(2);
        }
    };
    let started = Instant::now();
    // no article limit here: this measures what the limit protects from
    let config = jishi_pipeline::Config {
        limits: jishi_read::Limits {
            max_article_bytes: usize::MAX,
            ..Default::default()
        },
        ..Default::default()
    };
    let pipeline = jishi_pipeline::Pipeline::new(&config).expect("the stages load");
    println!("{name}: stages loaded in {:.2?}", started.elapsed());
    let started = Instant::now();
    let docs = jishi_read::read_bytes(&name, &bytes);
    println!("  {:<10} {:>10.3?}", "read", started.elapsed());
    for doc in docs {
        let doc = match doc {
            Ok(d) => d,
            Err(e) => {
                println!("  {e}");
                continue;
            }
        };
        let mut total = Duration::ZERO;
        let result = pipeline.analyse_timed(doc, &mut |stage, took| {
            total += took;
            println!("  {stage:<10} {took:>10.3?}");
        });
        match result {
            Ok(doc) => println!(
                "  {:<10} {total:>10.3?}  ({} bytes of text, {} sentences, {} entities, {} quotes, {} events)",
                "all",
                doc.text.len(),
                doc.sentences.len(),
                doc.entities.len(),
                doc.quotes.len(),
                doc.events.len()
            ),
            Err(e) => println!("  {e}"),
        }
    }
}
