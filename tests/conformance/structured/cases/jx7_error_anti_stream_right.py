from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("AntiStreamRight").getOrCreate()

sounds = spark.createDataFrame([("cat", "meow"), ("dog", "woof")], ["value", "sound"])
lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
joined = sounds.join(lines, "value", "anti")

query = joined.writeStream.format("console").start()
query.awaitTermination()
