//! README's lists of what a program can call must be what the registry
//! defines: a method named in README exists, and every DStream method is
//! named in README (issue 14: one source of truth).

use streamlab::session::surface;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README")
}

/// The words in backticks of README's "- Operations:" bullet, up to
/// "Inside `transform`" (DStream methods), and after it (RDD methods).
fn operations(readme: &str) -> (Vec<String>, Vec<String>) {
    let start = readme
        .find("\n- Operations:")
        .expect("an Operations bullet");
    let bullet = &readme[start + 1..];
    let end = bullet[2..].find("\n- ").map_or(bullet.len(), |e| e + 2);
    let bullet = &bullet[..end];
    let (dstream, rdd) = bullet
        .split_once("Inside `transform`")
        .expect("the RDD list");
    let rdd = rdd.split("Every method").next().unwrap_or(rdd);
    let words = |text: &str| -> Vec<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .flat_map(|code| code.split_whitespace())
            .filter(|w| w.chars().all(|c| c.is_ascii_alphanumeric()))
            .map(str::to_string)
            .collect()
    };
    (words(dstream), words(rdd))
}

#[test]
fn readme_names_only_registered_methods() {
    let text = readme();
    let (dstream, rdd) = operations(&text);
    assert!(dstream.len() > 20, "{dstream:?}");
    let dstream_class = surface::class("DStream").expect("DStream");
    let rdd_class = surface::class("RDD").expect("RDD");
    for m in &dstream {
        assert!(
            dstream_class.method(m).is_some(),
            "README names DStream.{m}, which is not registered"
        );
    }
    for m in &rdd {
        assert!(
            rdd_class.method(m).is_some(),
            "README names RDD.{m}, which is not registered"
        );
    }
}

/// Every identifier that appears inside backticks anywhere in README.
fn code_words(readme: &str) -> std::collections::HashSet<String> {
    readme
        .split('`')
        .skip(1)
        .step_by(2)
        .flat_map(|code| code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_dstream_method_is_in_the_readme() {
    let words = code_words(&readme());
    let class = surface::class("DStream").expect("DStream");
    let missing: Vec<&str> = class
        .methods
        .iter()
        .map(|m| m.name)
        .filter(|n| !words.contains(*n))
        .collect();
    assert!(
        missing.is_empty(),
        "registered DStream methods README does not name: {missing:?}"
    );
}

#[test]
fn readme_lists_the_stdlib_table() {
    // Issue 15: the modules and the names they offer are defined once, in
    // the STDLIB table; README's list is that table, line for line.
    let readme = readme();
    let mut missing = Vec::new();
    for m in streamlab::lang::stdlib::STDLIB {
        let names: Vec<String> = m.names.iter().map(|n| format!("`{n}`")).collect();
        let line = format!("- `{}`: {}\n", m.name, names.join(", "));
        if !readme.contains(&line) {
            missing.push(line);
        }
    }
    assert!(
        missing.is_empty(),
        "README's list of standard-library names differs from the STDLIB table; expected lines:\n{}",
        missing.concat()
    );
}

/// Issue 17: README's key table is the one the UI dispatches from.
#[test]
fn readme_key_table_is_the_bindings_table() {
    let text = readme();
    let start = text.find("### Keys\n\n").expect("a Keys section") + "### Keys\n\n".len();
    let end = start + text[start..].find("\n### ").expect("a section after Keys");
    let table: String = text[start..end]
        .lines()
        .filter(|l| l.starts_with('|'))
        .map(|l| format!("{l}\n"))
        .collect();
    let generated = streamlab::ui::keys::markdown();
    assert_eq!(
        table, generated,
        "README's key table differs; the generated one is:\n{generated}"
    );
}

/// Issue 18: README's `:layout` row names every preset of the table.
#[test]
fn readme_names_every_layout() {
    let text = readme();
    let row = text
        .lines()
        .find(|l| l.starts_with("| `:layout NAME`"))
        .expect("a :layout row");
    let named: Vec<&str> = row.split('`').skip(3).step_by(2).collect();
    let table: Vec<&str> = streamlab::formats::command::LAYOUTS
        .iter()
        .map(|l| l.0)
        .collect();
    assert_eq!(&named[..table.len()], &table[..], "{row}");
}

/// The first code span of README's "- Columns (`pyspark.sql.functions`):"
/// bullet is exactly the functions the registry offers (issue 16).
#[test]
fn readme_lists_the_sql_functions_table() {
    let readme = readme();
    let start = readme
        .find("- Columns (`pyspark.sql.functions`): `")
        .expect("README has the Columns bullet");
    let rest = &readme[start + "- Columns (`pyspark.sql.functions`): `".len()..];
    let span = &rest[..rest.find('`').expect("the code span ends")];
    let listed: Vec<&str> = span.split_whitespace().collect();
    assert_eq!(listed, streamlab::session::dataframe::function_names());
}
