from datetime import date, datetime, timedelta, timezone, time

d1, d2 = date(2024, 1, 15), date(2024, 3, 1)
print(d2 - d1, (d2 - d1).days, d1 + timedelta(weeks=2), d1.weekday(), d1.isoweekday())
print(d1.replace(day=31), date(2024, 2, 28) + timedelta(days=1), d1 < d2)
dt = datetime(2024, 7, 4, 15, 30, 45)
print(dt, dt.isoformat(), dt.strftime("%Y-%m-%d %H:%M"), dt.strftime("%I:%M %p on %A"))
print(datetime.strptime("2023-12-25 08:15", "%Y-%m-%d %H:%M"))
print(datetime.strptime("03/Jan/2021:10:00:00", "%d/%b/%Y:%H:%M:%S").date())
print(datetime.fromisoformat("2024-02-29T12:00:00"), date.fromisoformat("2024-02-29").timetuple().tm_yday)
utc = datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc)
ist = timezone(timedelta(hours=5, minutes=30), "IST")
print(utc.astimezone(ist), utc.astimezone(ist).tzname(), utc.timestamp())
print(timedelta(days=1, hours=3, minutes=5).total_seconds(), timedelta(seconds=3725))
print(time(9, 30) < time(10), datetime.combine(d1, time(8)), dt.date(), dt.time())
print(datetime.fromtimestamp(0, tz=timezone.utc), isinstance(datetime.now(), datetime))
print(date(2024, 1, 1).strftime("%j %U %W"), (date(2025, 1, 1) - date(2024, 1, 1)).days)


def business_days(start, end):
    days = (start + timedelta(n) for n in range((end - start).days))
    return sum(1 for day in days if day.weekday() < 5)


print(business_days(date(2024, 1, 1), date(2024, 2, 1)))
