# batches: 2
from pyspark import SparkContext
from pyspark.streaming import StreamingContext

sc = SparkContext("local[2]", "UnicodeCaseAndClasses")
ssc = StreamingContext(sc, 1)
words = ssc.queueStream([["ΟΔΟΣ", "ﬁne", "ß", "ǆemal", "İstanbul", "ΣΑΣ σας"], ["Ⅻ", "①", "ा", "٣", "½", "一", "²", "ǅemal", "ª", "\u3000"]])
words.map(lambda w: (w, w.lower(), w.upper(), w.swapcase(), w.capitalize(), w.title())).pprint()
words.map(lambda w: (w, w.isalpha(), w.isdigit(), w.isdecimal(), w.isnumeric(), w.isalnum())).pprint()
words.map(lambda w: (w, w.islower(), w.isupper(), w.istitle(), w.isspace())).pprint()
words.filter(lambda w: w.isdecimal()).map(lambda w: (int(w), float(w + "." + w), int(" " + w * 3 + "\u3000"))).pprint()
ssc.start()
ssc.awaitTermination()
