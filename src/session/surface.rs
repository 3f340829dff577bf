//! The classes of the registry a program meets (DStream, StreamingContext,
//! SparkContext, RDD), for what reads their descriptions without calling
//! them: completion, `:help`, "Did you mean".
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
use crate::session::context::{SPARK_CONTEXT, STREAMING_CONTEXT};
use crate::session::dstream::DSTREAM;

/// Every class of the registry, DStream first (it answers `:help NAME` for
/// names several classes share).
pub fn classes() -> [&'static ClassInfo; 4] {
    [
        &DSTREAM.info,
        &STREAMING_CONTEXT.info,
        &SPARK_CONTEXT.info,
        &RDD.info,
    ]
}

/// The class called `name` (its Python name, as `type_name` gives it).
pub fn class(name: &str) -> Option<&'static ClassInfo> {
    classes().into_iter().find(|c| c.name == name)
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
