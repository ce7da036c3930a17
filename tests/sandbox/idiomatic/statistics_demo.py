import statistics as st

data = [2, 4, 4, 4, 5, 5, 7, 9]
print(st.mean(data), st.median(data), st.mode(data), st.pstdev(data), round(st.stdev(data), 4))
print(st.median_low([1, 3, 5, 7]), st.median_high([1, 3, 5, 7]), st.multimode("aabbcd"))
print(st.variance([1.5, 2.5, 2.5, 2.75, 3.25, 4.75]), st.fmean([1, 2, 3]), st.geometric_mean([1, 4]))
print(st.harmonic_mean([40, 60]), st.quantiles(range(1, 11), n=4))
nd = st.NormalDist(mu=100, sigma=15)
print(round(nd.cdf(130), 4), round(nd.inv_cdf(0.5), 1), nd.mean, nd.stdev)
print(st.correlation([1, 2, 3, 4], [2, 4, 6, 8]), st.linear_regression([1, 2, 3], [2, 4, 6]))
try:
    st.mean([])
except st.StatisticsError as e:
    print("StatisticsError:", e)
