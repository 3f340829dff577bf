//! Static DataFrames: made from data the program has (`spark.createDataFrame`,
//! `rdd.toDF()`), or by `spark.sql` over a temporary view. They share the
//! streaming DataFrame's plans ([`crate::structured::plan`]) and run at once
//! through [`crate::structured::batch`] when `show()`, `collect()` or
//! `count()` asks for rows.
//!
//! Schemas are inferred as PySpark 3.5 infers them: a `Row`'s fields, the
//! names given with tuples or lists (else `_1`, `_2`, ...), a dict's sorted
//! keys; Python `int` is `bigint`, `float` is `double`, `str` is `string`,
//! `bool` is `boolean`. From an RDD the first row decides, from a list every row.

use std::sync::Arc;

use crate::lang::value::{Exc, ExcKind, PyResult, Value};
use crate::structured::cell::{Cell, DataType};
use crate::structured::expr::{Expr, Schema};
use crate::structured::plan::{Plan, Source, StaticInput};
use crate::structured::sql::SelectQuery;

use super::row::Row;

fn type_error(msg: impl Into<String>) -> Exc {
    Exc::type_error(msg)
}

fn analysis(msg: impl Into<String>) -> Exc {
    Exc::new(ExcKind::AnalysisException, msg)
}

/// The Spark type of a Python value; None for `None` (known only from other rows).
fn infer_type(v: &Value) -> PyResult<Option<DataType>> {
    Ok(Some(match v {
        Value::None => return Ok(None),
        Value::Bool(_) => DataType::Boolean,
        Value::Int(_) | Value::BigInt(_) => DataType::Long,
        Value::Float(_) => DataType::Double,
        Value::Str(_) => DataType::String,
        Value::List(_) | Value::Tuple(_)
            if v.items()
                .is_some_and(|items| items.iter().all(|i| matches!(i, Value::Str(_)))) =>
        {
            DataType::StringArray
        }
        other => {
            return Err(type_error(format!(
                "[CANNOT_INFER_TYPE_FOR_FIELD] Unable to infer the type of the field: streamlab's DataFrames hold str, int, float, bool and None, not {}.",
                other.type_name()
            )))
        }
    }))
}

/// A Python value as a cell of a column of type `t`.
pub fn to_cell(v: &Value, t: DataType) -> Cell {
    match (v, t) {
        (Value::None, _) => Cell::Null,
        (Value::Bool(b), _) => Cell::Bool(*b),
        (Value::Int(i), DataType::Double) => Cell::Double(*i as f64),
        (Value::Int(i), _) => Cell::Int(*i),
        (Value::Float(f), _) => Cell::Double(*f),
        (Value::Str(s), _) => Cell::Str(s.clone()),
        (other, _) => match other.items() {
            Some(items) => Cell::Array(Arc::new(
                items.iter().map(|i| to_cell(i, DataType::String)).collect(),
            )),
            None => Cell::str(&other.to_str()),
        },
    }
}

/// A cell as the Python value `collect()` gives.
pub fn to_value(c: &Cell) -> Value {
    match c {
        Cell::Null => Value::None,
        Cell::Bool(b) => Value::Bool(*b),
        Cell::Int(i) => Value::Int(*i),
        Cell::Double(d) => Value::Float(*d),
        Cell::Str(s) => Value::Str(s.clone()),
        Cell::Array(items) => Value::list(items.iter().map(to_value).collect()),
        other => Value::str(&other.show()),
    }
}

/// A record's field names (if it names them) and values.
fn fields_of(rec: &Value) -> PyResult<(Option<Vec<String>>, Vec<Value>)> {
    if let Some(r) = rec.downcast::<Row>() {
        let names = r
            .fields
            .as_ref()
            .map(|f| f.iter().map(|n| n.to_string()).collect());
        return Ok((names, r.values.clone()));
    }
    match rec {
        Value::Tuple(_) | Value::List(_) => {
            Ok((None, rec.items().map(|i| i.to_vec()).unwrap_or_default()))
        }
        Value::Dict(d) => {
            // PySpark sorts a dict's keys into columns.
            let mut pairs: Vec<(String, Value)> = d
                .read()
                .iter()
                .map(|(k, v)| (k.0.to_str(), v.clone()))
                .collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            let (names, values) = pairs.into_iter().unzip();
            Ok((Some(names), values))
        }
        other => Err(type_error(format!(
            "[CANNOT_INFER_SCHEMA_FOR_TYPE] Can not infer schema for type: `{}`.",
            other.type_name()
        ))),
    }
}

/// Column names, each with its type when the schema gave one.
pub type ColumnNames = Vec<(String, Option<DataType>)>;

/// The column names a `schema` argument gives: a list of names, or a DDL
/// string's names and types (`"word string, n int"`).
pub fn schema_names(schema: &Value) -> PyResult<Option<ColumnNames>> {
    match schema {
        Value::None => Ok(None),
        Value::Str(s) => s
            .split(',')
            .map(|part| {
                let mut words = part.split_whitespace();
                let name = words.next().unwrap_or("").trim_end_matches(':').to_string();
                let t = words.next().map(|t| {
                    DataType::parse(t).ok_or_else(|| {
                        Exc::new(
                            ExcKind::ParseException,
                            format!("streamlab's DataFrames have columns of type string, int, bigint, double, boolean and timestamp, not {t}"),
                        )
                    })
                });
                Ok((name, t.transpose()?))
            })
            .collect::<PyResult<Vec<_>>>()
            .map(Some),
        Value::List(_) | Value::Tuple(_) => schema
            .items()
            .map(|i| i.to_vec())
            .unwrap_or_default()
            .iter()
            .map(|v| match v {
                Value::Str(s) => Ok((s.to_string(), None)),
                other => Err(type_error(format!(
                    "schema should be a list of column names (str), not a list holding {}",
                    other.type_name()
                ))),
            })
            .collect::<PyResult<Vec<_>>>()
            .map(Some),
        other => Err(type_error(format!(
            "schema should be a list of column names or a DDL string such as \"word string, n int\" (StructType is not part of streamlab's subset), not {}",
            other.type_name()
        ))),
    }
}

/// A static DataFrame's plan over `partitions` of records; `first_only`: the
/// types come from the first record (an RDD), else from all (a list).
pub fn static_plan(
    partitions: &[Vec<Value>],
    names: Option<ColumnNames>,
    first_only: bool,
) -> PyResult<Plan> {
    let records: Vec<&Value> = partitions.iter().flatten().collect();
    let mut width = None;
    let mut found_names: Option<Vec<String>> = None;
    let mut types: Vec<Option<DataType>> = Vec::new();
    let mut values: Vec<Vec<Value>> = Vec::with_capacity(records.len());
    for (i, rec) in records.iter().enumerate() {
        let (rec_names, vals) = fields_of(rec)?;
        if found_names.is_none() {
            found_names = rec_names;
        }
        let w = *width.get_or_insert(vals.len());
        if vals.len() != w {
            return Err(Exc::value_error(format!(
                "[LENGTH_SHOULD_BE_THE_SAME] obj and fields should be of the same length, got {} and {w}.",
                vals.len()
            )));
        }
        if types.is_empty() {
            types = vec![None; w];
        }
        if i == 0 || !first_only || types.iter().any(Option::is_none) {
            for (t, v) in types.iter_mut().zip(&vals) {
                match (*t, infer_type(v)?) {
                    (_, None) => {}
                    (None, Some(n)) => *t = Some(n),
                    (Some(DataType::Long), Some(DataType::Double)) => *t = Some(DataType::Double),
                    (Some(a), Some(b))
                        if a == b || (a == DataType::Double && b == DataType::Long) => {}
                    (Some(a), Some(b)) => {
                        return Err(type_error(format!(
                            "[CANNOT_MERGE_TYPE] Can not merge type `{}` and `{}`.",
                            a.sql_name(),
                            b.sql_name()
                        )))
                    }
                }
            }
        }
        values.push(vals);
    }
    let width = width.unwrap_or(0);
    let given = names.unwrap_or_default();
    if width == 0 && given.is_empty() {
        return Err(Exc::value_error(
            "[CANNOT_INFER_EMPTY_SCHEMA] Can not infer schema from empty dataset.",
        ));
    }
    let width = width.max(given.len());
    let mut schema: Schema = Vec::with_capacity(width);
    for i in 0..width {
        let name = given
            .get(i)
            .map(|g| g.0.clone())
            .or_else(|| found_names.as_ref().and_then(|n| n.get(i).cloned()))
            .unwrap_or_else(|| format!("_{}", i + 1));
        let t = given
            .get(i)
            .and_then(|g| g.1)
            .or_else(|| types.get(i).copied().flatten());
        let Some(t) = t else {
            return Err(Exc::value_error(
                "[CANNOT_DETERMINE_TYPE] Some of types cannot be determined after inferring.",
            ));
        };
        schema.push((name, t));
    }
    let mut it = values.into_iter();
    let parts = partitions
        .iter()
        .map(|p| {
            it.by_ref()
                .take(p.len())
                .map(|vals| {
                    schema
                        .iter()
                        .enumerate()
                        .map(|(i, (_, t))| vals.get(i).map_or(Cell::Null, |v| to_cell(v, *t)))
                        .collect()
                })
                .collect()
        })
        .collect();
    Ok(Plan::source(Source::Static(Arc::new(StaticInput {
        schema,
        sized: false,
        origin: "createDataFrame".into(),
        partitions: parts,
    }))))
}

/// The rows of a static plan as `Row` values.
pub fn collect_rows(plan: &Plan, shuffle_partitions: i32) -> Vec<Value> {
    let fields: Vec<Arc<str>> = plan
        .schema
        .iter()
        .map(|(n, _)| Arc::from(n.as_str()))
        .collect();
    crate::structured::batch::run_static(plan, shuffle_partitions)
        .iter()
        .map(|r| Row::value(fields.clone(), r.iter().map(to_value).collect()))
        .collect()
}

/// `e` with every aggregate and group key replaced by the column the
/// aggregation gives it (`count(1)`, `word`), for the projection after it.
fn over_groups(e: &Expr, keys: &[Expr]) -> Expr {
    if let Some(k) = keys.iter().find(|k| k.unaliased() == e) {
        return Expr::col(&k.name());
    }
    let sub = |x: &Expr| Box::new(over_groups(x, keys));
    match e {
        Expr::Agg(..) => Expr::col(&e.name()),
        Expr::Alias(x, n) => Expr::Alias(sub(x), n.clone()),
        Expr::Cast(x, t) => Expr::Cast(sub(x), *t),
        Expr::Neg(x) => Expr::Neg(sub(x)),
        Expr::Arith(op, a, b) => Expr::Arith(*op, sub(a), sub(b)),
        Expr::Cmp(op, a, b) => Expr::Cmp(*op, sub(a), sub(b)),
        Expr::Logic(and, a, b) => Expr::Logic(*and, sub(a), sub(b)),
        Expr::Not(x) => Expr::Not(sub(x)),
        Expr::Func(f, args) => Expr::Func(
            f.clone(),
            args.iter().map(|a| over_groups(a, keys)).collect(),
        ),
        other => other.clone(),
    }
}

fn aggregates_in(e: &Expr, out: &mut Vec<Expr>) {
    if let Expr::Agg(..) = e {
        if !out.contains(e) {
            out.push(e.clone());
        }
        return;
    }
    match e {
        Expr::Alias(x, _) | Expr::Cast(x, _) | Expr::Neg(x) | Expr::Not(x) => aggregates_in(x, out),
        Expr::Arith(_, a, b) | Expr::Cmp(_, a, b) | Expr::Logic(_, a, b) => {
            aggregates_in(a, out);
            aggregates_in(b, out);
        }
        Expr::Func(_, args) => args.iter().for_each(|a| aggregates_in(a, out)),
        _ => {}
    }
}

/// The plan of a `SELECT` over a view's plan.
pub fn query_plan(q: &SelectQuery, view: Arc<Plan>) -> PyResult<Plan> {
    let fail = |e: crate::structured::plan::AnalysisError| analysis(e.to_string());
    let mut plan = view;
    if let Some(cond) = &q.filter {
        plan = Arc::new(plan.filter(cond.clone()).map_err(fail)?);
    }
    let mut aggs = Vec::new();
    for item in &q.items {
        aggregates_in(item, &mut aggs);
    }
    for (k, _) in &q.order_by {
        aggregates_in(k, &mut aggs);
    }
    if let Some(h) = &q.having {
        aggregates_in(h, &mut aggs);
    }
    let grouped = !q.group_by.is_empty() || !aggs.is_empty();
    let input_plan = plan.clone();
    if grouped {
        let named: Vec<Expr> = aggs.iter().map(|a| a.unaliased().clone()).collect();
        plan = Arc::new(plan.aggregate(q.group_by.clone(), named).map_err(fail)?);
        // HAVING filters the groups, before the select list names them.
        if let Some(h) = &q.having {
            plan = Arc::new(plan.filter(over_groups(h, &q.group_by)).map_err(fail)?);
        }
    } else if q.having.is_some() {
        return Err(analysis(
            "HAVING needs a GROUP BY or an aggregate function in the query",
        ));
    }
    let items: Vec<Expr> = q
        .items
        .iter()
        .map(|i| {
            if grouped {
                over_groups(i, &q.group_by)
            } else {
                i.clone()
            }
        })
        .collect();
    if grouped && items.iter().any(|i| matches!(i, Expr::Star)) {
        return Err(analysis(
            "[MISSING_AGGREGATION] SELECT * cannot be used with GROUP BY or aggregate functions",
        ));
    }
    // ORDER BY names an output column (or its position), else an input column.
    let projected = plan.select(items.clone()).map_err(fail)?;
    let mut out_keys = Vec::new();
    let mut before = Vec::new();
    for (k, asc) in &q.order_by {
        match k {
            Expr::Lit(Cell::Int(n)) => {
                let Some((name, _)) = n
                    .checked_sub(1)
                    .and_then(|i| usize::try_from(i).ok())
                    .and_then(|i| projected.schema.get(i))
                else {
                    return Err(analysis(format!(
                        "[ORDER_BY_POS_OUT_OF_RANGE] ORDER BY position {n} is not in select list (valid range is [1, {}]).",
                        projected.schema.len()
                    )));
                };
                out_keys.push((Expr::col(name), *asc));
            }
            _ => {
                let k2 = if grouped {
                    over_groups(k, &q.group_by)
                } else {
                    k.clone()
                };
                if k2.bind(&projected.schema).is_ok() {
                    out_keys.push((k2, *asc));
                } else if let Some(item) = items.iter().find(|i| i.unaliased() == &k2) {
                    out_keys.push((Expr::col(&item.name()), *asc));
                } else {
                    before.push((k2, *asc));
                }
            }
        }
    }
    let mut plan = if before.is_empty() {
        Arc::new(projected)
    } else {
        let base = if grouped { plan } else { input_plan };
        let sorted = Arc::new(base.sort(before).map_err(fail)?);
        Arc::new(sorted.select(items).map_err(fail)?)
    };
    if q.distinct {
        plan = Arc::new(plan.drop_duplicates(None).map_err(fail)?);
    }
    if !out_keys.is_empty() {
        plan = Arc::new(plan.sort(out_keys).map_err(fail)?);
    }
    if let Some(n) = q.limit {
        plan = Arc::new(plan.limit(n));
    }
    Ok(Arc::try_unwrap(plan).unwrap_or_else(|p| (*p).clone()))
}
