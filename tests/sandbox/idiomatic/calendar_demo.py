import calendar

print(calendar.month(2024, 2))
print(calendar.isleap(2024), calendar.isleap(1900), calendar.leapdays(2000, 2025))
print(calendar.monthrange(2024, 2), calendar.weekday(2024, 7, 4), calendar.day_name[3])
print(list(calendar.month_abbr)[1:4], calendar.monthcalendar(2024, 2)[0])
cal = calendar.TextCalendar(calendar.SUNDAY)
print(cal.formatmonth(2023, 12, w=3).splitlines()[1])
