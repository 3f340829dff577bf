from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("RightOuterStreamStatic").getOrCreate()

sounds = spark.createDataFrame([("cat", "meow"), ("dog", "woof")], ["value", "sound"])
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
joined = lines.join(sounds, "value", "right_outer")

query = joined.writeStream.format("console").start()
query.awaitTermination()
