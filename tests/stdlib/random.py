import random
random.seed(42)
print(random.random(), random.randint(1, 100), random.randrange(0, 100, 7), random.choice("abcdef"), random.uniform(1, 2))
l = list(range(10)); random.shuffle(l); print(l)
print(random.sample(range(100), 5), random.sample(list(range(1000)), 3), random.gauss(0, 1), random.gauss(0, 1))
print(random.choices("abc", weights=[1, 2, 3], k=5), random.choices([1, 2], k=3), random.getrandbits(70), random.randrange(10**20))
r = random.Random(7); print(r.random(), r.randint(0, 9), random.Random(123456789012345678901234567890).random())
random.seed(-5); print(random.random()); random.seed(2.5); print(random.random())
print(random.normalvariate(1, 2), random.expovariate(2))
