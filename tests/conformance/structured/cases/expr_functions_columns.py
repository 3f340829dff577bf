# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import *

spark = SparkSession.builder.appName("ExprFunctions").getOrCreate()
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
parts = split(lines.value, ";")
readings = lines.select(
    parts[0].alias("device"),
    parts[1].cast("int").alias("signal"),
    parts[2].alias("payload"),
    split(parts[0], "-").alias("tags"),
)
out = readings.select(
    "device",
    when(col("signal") > 50, "strong").when(col("signal") > 10, "weak").otherwise("none").alias("level"),
    when(col("signal").isNull(), -1).alias("missing"),
    coalesce(col("signal"), lit(0)).alias("sig"),
    concat("device", lit("#"), col("signal").cast("string")).alias("tag"),
    concat_ws("/", "device", "payload"),
    regexp_extract("device", r"([a-z]+)-(\d+)", 2).alias("num"),
    regexp_replace("device", "[0-9]", "N").alias("masked"),
    substring("device", 1, 3).alias("pre"),
    substring("device", -2, 2),
    get_json_object("payload", "$.t.c").alias("temp"),
    get_json_object("payload", "$.ok"),
    element_at("tags", -1).alias("last"),
    size("tags"),
    array_contains("tags", "x"),
    col("signal").isNotNull(),
)
query = out.writeStream.outputMode("append").format("console").option("truncate", "false").start()
query.awaitTermination()
