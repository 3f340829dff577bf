//! The classes of the registry a program meets (DStream, StreamingContext,
//! SparkContext, SparkConf, RDD; Structured Streaming's DataFrame, Column,
//! DataStreamReader/Writer, StreamingQuery, StreamingQueryManager,
//! GroupedData, SparkSession and its Builder; the module
//! `pyspark.sql.functions` as the class `functions`), for what reads their
//! descriptions without calling them: completion, `:help`, "Did you mean".
//!
//! ```
//! use streamlab::session::surface;
//! let help = surface::help("reduceByKey").unwrap();
//! assert!(help.starts_with("DStream.reduceByKey(func, numPartitions=None)\n"));
//! assert!(surface::help("RDD.collect").unwrap().starts_with("RDD.collect()\n"));
//! assert!(surface::help("nothing").is_none());
//! ```

use crate::engine::rdd_object::RDD;
use crate::lang::registry::ClassInfo;
use crate::lang::value::Object;
use crate::session::context::{SPARK_CONF, SPARK_CONTEXT, STREAMING_CONTEXT};
use crate::session::dataframe::{
    FunctionsModule, BUILDER_CLASS, COLUMN_CLASS, DATAFRAME_CLASS, FUNCTIONS_CLASS, GROUPED_CLASS,
    QUERY_CLASS, READER_CLASS, SESSION_CLASS, STREAMS_CLASS, WRITER_CLASS,
};
use crate::session::dstream::DSTREAM;

/// Every class of the registry, DStream first (it answers `:help NAME` for
/// names several classes share).
pub fn classes() -> [&'static ClassInfo; 15] {
    [
        &DSTREAM.info,
        &STREAMING_CONTEXT.info,
        &SPARK_CONTEXT.info,
        &SPARK_CONF.info,
        &RDD.info,
        &DATAFRAME_CLASS.info,
        &COLUMN_CLASS.info,
        &READER_CLASS.info,
        &WRITER_CLASS.info,
        &QUERY_CLASS.info,
        &STREAMS_CLASS.info,
        &GROUPED_CLASS.info,
        &SESSION_CLASS.info,
        &BUILDER_CLASS.info,
        &FUNCTIONS_CLASS.info,
    ]
}

/// The class called `name` (its Python name, as `type_name` gives it).
pub fn class(name: &str) -> Option<&'static ClassInfo> {
    classes().into_iter().find(|c| c.name == name)
}

/// The class of an object: the one its `type_name` names, or `functions`
/// for the module `pyspark.sql.functions`.
pub fn class_of(obj: &dyn Object) -> Option<&'static ClassInfo> {
    if obj.as_any().is::<FunctionsModule>() {
        return Some(&FUNCTIONS_CLASS.info);
    }
    class(obj.type_name())
}

/// Every method and attribute name, for "Did you mean" (repeats included).
pub fn names() -> impl Iterator<Item = &'static str> {
    classes().into_iter().flat_map(|c| c.names())
}

/// What `:help NAME` shows for a method or attribute: `NAME` or
/// `Class.NAME`. An unqualified name shared by several classes shows each
/// class's entry, DStream first.
pub fn help(topic: &str) -> Option<String> {
    let (only, name) = match topic.split_once('.') {
        Some((c, n)) => (Some(c), n),
        None => (None, topic),
    };
    let mut out = String::new();
    for c in classes() {
        if only.is_some_and(|o| o != c.name) {
            continue;
        }
        if let Some(m) = c.method(name) {
            out.push_str(&format!(
                "{}.{}({})\n  {}\n",
                c.name, m.name, m.signature.text, m.doc
            ));
        } else if let Some(a) = c.attribute(name) {
            out.push_str(&format!("{}.{}\n  {}\n", c.name, a.name, a.doc));
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::cli::repl::help_text;
    use crate::engine::driver::RunOptions;
    use crate::lang::value::Value;
    use crate::session::complete::complete;
    use crate::session::live::{Entered, LiveHost, Repl};

    /// A REPL holding one object of every class, by class name.
    fn repl() -> (Repl, Vec<(&'static str, &'static str)>) {
        let (tx, _rx) = tokio::sync::mpsc::channel(16);
        let host = LiveHost::new(tx, RunOptions::default());
        let mut r = Repl::new(host, "local[2]", 1000).expect("repl");
        for line in [
            "lines = ssc.queueStream([['a b']])",
            "rdd = sc.parallelize([1, 2])",
            "from pyspark.sql import SparkSession",
            "builder = SparkSession.builder",
            "reader = spark.readStream",
            "df = reader.format('socket').option('host', 'localhost').option('port', 9999).load()",
            "column = df.value",
            "writer = df.writeStream",
            "grouped = df.groupBy('value')",
            "import pyspark.sql.functions as F",
            "streams = spark.streams",
            "from pyspark import SparkConf",
            "conf = SparkConf()",
        ] {
            assert!(matches!(r.submit(line), Entered::Ok { .. }), "{line}");
        }
        let vars = vec![
            ("DStream", "lines"),
            ("StreamingContext", "ssc"),
            ("SparkContext", "sc"),
            ("SparkConf", "conf"),
            ("RDD", "rdd"),
            ("DataFrame", "df"),
            ("Column", "column"),
            ("DataStreamReader", "reader"),
            ("DataStreamWriter", "writer"),
            ("StreamingQuery", "query"),
            ("StreamingQueryManager", "streams"),
            ("GroupedData", "grouped"),
            ("SparkSession", "spark"),
            ("Builder", "builder"),
            ("functions", "F"),
        ];
        (r, vars)
    }

    /// `name` with its last two different adjacent letters swapped.
    fn misspelled(name: &str) -> String {
        let mut c: Vec<char> = name.chars().collect();
        let i = (0..c.len() - 1)
            .rev()
            .find(|&i| c[i] != c[i + 1])
            .expect("two different letters");
        c.swap(i, i + 1);
        c.into_iter().collect()
    }

    #[test]
    fn every_class_and_method_is_completed_documented_and_suggested() {
        let (r, vars) = repl();
        let mut names = r.names();
        names.push("query".into());
        // A query made without starting one (the REPL's host would run it).
        let query = crate::session::dataframe::StreamingQuery::for_tests();
        let lookup = |n: &str| match n {
            "query" => Some(query.clone()),
            _ => r.lookup(n),
        };
        assert_eq!(classes().len(), vars.len());
        for class in classes() {
            let var = vars
                .iter()
                .find(|v| v.0 == class.name)
                .expect("a variable")
                .1;
            let Some(Value::Object(obj)) = lookup(var) else {
                panic!("{var}")
            };
            let obj: Arc<dyn Object> = obj;
            assert!(
                class_of(&*obj).is_some_and(|c| std::ptr::eq(c, class)),
                "{var}: {}",
                obj.type_name()
            );
            let mut attr_names = obj.attr_names();
            attr_names.sort();
            let mut ours: Vec<_> = class.names().collect();
            ours.sort();
            assert_eq!(attr_names, ours, "{}: attr_names", class.name);
            for name in class.names() {
                let what = format!("{}.{name}", class.name);
                // Completion offers it after `obj.`, with its signature and doc.
                let line = format!("{var}.{name}");
                let (_, found) = complete(&line, line.len(), &names, &lookup);
                let c = found
                    .iter()
                    .find(|c| c.text == name)
                    .unwrap_or_else(|| panic!("{what}: not completed"));
                let doc = match class.method(name) {
                    Some(m) => {
                        assert_eq!(c.display, format!("{name}({})", m.signature.text));
                        m.doc
                    }
                    None => class.attribute(name).expect("an attribute").doc,
                };
                assert!(!doc.is_empty(), "{what}: no doc");
                assert_eq!(c.doc, Some(doc), "{what}: completion doc");
                // `:help Class.name` and the REPL's `:help` show the doc.
                let help = help(&what).unwrap_or_else(|| panic!("{what}: no help"));
                assert!(help.starts_with(&what) && help.contains(doc), "{help}");
                let shown = help_text(Some(name));
                assert!(
                    shown.contains(&what)
                        || crate::formats::command::COMMANDS
                            .iter()
                            .any(|c| c.0 == name),
                    "{what}: {shown}"
                );
                // A misspelling gets "Did you mean" it: two letters swapped,
                // or (when that is nearer another name, as `optiosn` is to
                // `option` beside `options`) the last or first letter doubled.
                let typos = [
                    misspelled(name),
                    format!("{name}{}", &name[name.len() - 1..]),
                    format!("{}{name}", &name[..1]),
                ];
                let suggested = typos.iter().any(|typo| {
                    let err = match class.method(name) {
                        Some(_) => obj.call_method(&obj, typo, vec![], vec![]),
                        None => obj.get_attr(&obj, typo),
                    }
                    .err()
                    .unwrap_or_else(|| panic!("{what}: {typo} did not fail"));
                    assert_eq!(
                        err.kind,
                        crate::lang::value::ExcKind::AttributeError,
                        "{what}: {typo}: {}",
                        err.msg
                    );
                    err.msg.ends_with(&format!("Did you mean: '{name}'?"))
                });
                assert!(suggested, "{what}: no misspelling suggests it");
            }
        }
    }

    #[test]
    fn spark_conf_chains_and_keeps_the_first_value_set_if_missing() {
        let (mut r, _) = repl();
        let echo = |r: &mut Repl, line: &str| match r.submit(line) {
            Entered::Ok { echo } => echo.unwrap_or_default(),
            Entered::Error { text, .. } => text,
            Entered::Incomplete => "incomplete".into(),
        };
        echo(
            &mut r,
            "c = SparkConf().setAppName('wc').setIfMissing('spark.master', 'local[2]')",
        );
        assert_eq!(echo(&mut r, "c.get('spark.master')"), "'local[2]'");
        assert_eq!(
            echo(&mut r, "c.setIfMissing('spark.master', 'local[4]') is c"),
            "True"
        );
        assert_eq!(echo(&mut r, "c.get('spark.master')"), "'local[2]'");
        assert_eq!(
            echo(&mut r, "c.set('spark.app.name', 7).get('spark.app.name')"),
            "'7'"
        );
        assert_eq!(echo(&mut r, "c.get('nothing', 'dflt')"), "'dflt'");
        assert_eq!(
            echo(&mut r, "c.getAll()"),
            "[('spark.app.name', '7'), ('spark.master', 'local[2]')]"
        );
        assert!(echo(&mut r, "c.setMastr('x')").contains("Did you mean: 'setMaster'?"));
    }

    #[test]
    fn every_signature_binds_its_defaults() {
        for class in classes() {
            for m in &class.methods {
                // Binding every required parameter by keyword succeeds; the
                // defaults parsed from the signature are what `get` gives.
                let kwargs = m
                    .signature
                    .keyword_names()
                    .filter(|p| p.required())
                    .map(|p| (Arc::from(p.name), Value::Int(0)))
                    .collect();
                let b = m
                    .signature
                    .bind(&format!("{}.{}", class.name, m.name), vec![], kwargs)
                    .unwrap_or_else(|e| panic!("{}.{}: {}", class.name, m.name, e.msg));
                for p in m.signature.keyword_names() {
                    let got = b.get(p.name).repr();
                    let want = p.default_text.unwrap_or("0");
                    assert_eq!(got, want, "{}.{}: {}", class.name, m.name, p.name);
                }
            }
        }
    }
}
