from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("JsonEvents").getOrCreate()
events = (spark.readStream.format("json")
          .schema("user STRING, action STRING, ms BIGINT")
          .option("maxFilesPerTrigger", 1)
          .load("tests/conformance/structured/data/f2_events"))
counts = events.groupBy("action").count()
query = counts.writeStream.outputMode("complete").format("console").start()
query.awaitTermination()
