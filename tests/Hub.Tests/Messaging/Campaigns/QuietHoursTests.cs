using Hub.Customers;
using Hub.Messaging.Campaigns;
using Hub.Shops;

namespace Hub.Tests.Messaging.Campaigns;

public sealed class QuietHoursTests
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    static readonly TimeZoneInfo Vladivostok = TimeZoneInfo.FindSystemTimeZoneById("Asia/Vladivostok");
    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    static readonly QuietHours Night = new(new TimeOnly(21, 0), new TimeOnly(9, 0));

    static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    static readonly Shop MoscowShop = new() { Id = "qh-moscow", Platform = Platforms.Csv, TimeZone = "Europe/Moscow" };
    static readonly Shop VladivostokShop = new() { Id = "qh-vvo", Platform = Platforms.Csv, TimeZone = "Asia/Vladivostok" };

    static Customer Person(string? timeZone = null, params string[] phones) => new()
    {
        Id = "c1",
        ShopId = "qh",
        TimeZone = timeZone,
        Phones = phones.Select(p => new ContactPoint(p, true)).ToArray(),
    };

    [Fact]
    public void Over_midnight_a_late_evening_waits_for_nine_the_next_morning()
    {
        var evening = Utc(3, 10, 19, 30); // 22:30 in Moscow (UTC+3)

        Assert.True(Night.IsQuiet(evening, Moscow));
        var next = Night.NextAllowed(evening, Moscow);

        Assert.Equal(Utc(3, 11, 6, 0), next); // 09:00 Moscow on the 11th
        Assert.Equal(new DateTime(2026, 3, 11, 9, 0, 0), next.DateTime); // given in Moscow time
        Assert.Equal(TimeSpan.FromHours(3), next.Offset);
    }

    [Fact]
    public void Over_midnight_the_small_hours_wait_for_nine_the_same_morning_and_nine_itself_is_allowed()
    {
        Assert.Equal(Utc(3, 11, 6, 0), Night.NextAllowed(Utc(3, 11, 5, 59), Moscow)); // 08:59 → 09:00
        Assert.Equal(Utc(3, 11, 6, 0), Night.NextAllowed(Utc(3, 10, 21, 0), Moscow)); // 00:00 → 09:00

        var nine = Utc(3, 11, 6, 0);
        Assert.False(Night.IsQuiet(nine, Moscow));
        Assert.Equal(nine, Night.NextAllowed(nine, Moscow));
        Assert.False(Night.IsQuiet(Utc(3, 11, 17, 59), Moscow)); // 20:59
        Assert.True(Night.IsQuiet(Utc(3, 11, 18, 0), Moscow)); // 21:00 starts the quiet
    }

    [Fact]
    public void A_window_within_one_day_holds_messages_only_inside_it()
    {
        var lunch = new QuietHours(new TimeOnly(13, 0), new TimeOnly(15, 0));

        Assert.False(lunch.IsQuiet(Utc(3, 10, 9, 59), Moscow)); // 12:59
        Assert.Equal(Utc(3, 10, 12, 0), lunch.NextAllowed(Utc(3, 10, 10, 0), Moscow)); // 13:00 → 15:00
        Assert.Equal(Utc(3, 10, 12, 0), lunch.NextAllowed(Utc(3, 10, 11, 30), Moscow)); // 14:30 → 15:00
        Assert.Equal(Utc(3, 10, 12, 0), lunch.NextAllowed(Utc(3, 10, 12, 0), Moscow)); // 15:00 is allowed
        Assert.Equal(Utc(3, 10, 19, 0), lunch.NextAllowed(Utc(3, 10, 19, 0), Moscow)); // 22:00 is allowed
        Assert.False(lunch.IsQuiet(Utc(3, 10, 21, 0), Moscow)); // midnight
    }

    [Fact]
    public void None_never_holds_a_message()
    {
        var midnight = Utc(3, 10, 21, 0);

        Assert.False(QuietHours.None.IsQuiet(midnight, Moscow));
        Assert.Equal(midnight, QuietHours.None.NextAllowed(midnight, Moscow));
        var equalEnds = new QuietHours(new TimeOnly(10, 0), new TimeOnly(10, 0));
        Assert.True(equalEnds.IsNone);
        Assert.False(equalEnds.IsQuiet(Utc(3, 10, 7, 0), Moscow)); // 10:00
        Assert.Equal("none", equalEnds.ToString());
    }

    [Fact]
    public void A_recipient_in_Vladivostok_is_timed_by_their_own_clock_not_the_Moscow_shops()
    {
        var (zone, basis) = RecipientTimeZone.For(Person("Asia/Vladivostok"), MoscowShop);
        Assert.Equal(("Asia/Vladivostok", "customer"), (zone.Id, basis));

        // 19:30 UTC: 22:30 in Moscow, 05:30 the next morning in Vladivostok (UTC+10).
        var evening = Utc(3, 10, 19, 30);
        Assert.Equal(Utc(3, 10, 23, 0), Night.NextAllowed(evening, zone)); // 09:00 Vladivostok
        Assert.Equal(Utc(3, 11, 6, 0), Night.NextAllowed(evening, Moscow)); // 09:00 Moscow, seven hours later

        // 23:30 UTC: 02:30 in Moscow, but already 09:30 in Vladivostok.
        var late = Utc(3, 10, 23, 30);
        Assert.False(Night.IsQuiet(late, zone));
        Assert.Equal(late, Night.NextAllowed(late, zone));
        Assert.True(Night.IsQuiet(late, Moscow));
    }

    [Fact]
    public void Without_a_time_zone_a_Belarusian_phone_gives_Minsk()
    {
        var (zone, basis) = RecipientTimeZone.For(Person(phones: "+375291234567"), VladivostokShop);

        Assert.Equal(("Europe/Minsk", "phone"), (zone.Id, basis));
        // 02:00 UTC: 05:00 in Minsk (quiet till 09:00), 12:00 in the shop's Vladivostok.
        Assert.Equal(Utc(3, 10, 6, 0), Night.NextAllowed(Utc(3, 10, 2, 0), zone));
    }

    [Fact]
    public void A_Russian_mobile_spans_many_zones_so_the_shops_zone_is_used()
    {
        Assert.Equal(("Asia/Vladivostok", "shop"), Describe(RecipientTimeZone.For(Person(phones: "+79991234567"), VladivostokShop)));
        Assert.Equal(("Europe/Moscow", "shop"), Describe(RecipientTimeZone.For(Person(), MoscowShop)));
        // Only the first valid phone counts: a Belarusian second number does not override the ambiguous first.
        Assert.Equal(("Europe/Moscow", "shop"), Describe(RecipientTimeZone.For(Person(null, "+79991234567", "+375291234567"), MoscowShop)));
    }

    [Fact]
    public void A_landline_with_a_city_code_gives_that_citys_zone()
    {
        Assert.Equal(("Europe/Moscow", "phone"), Describe(RecipientTimeZone.For(Person(phones: "+74951234567"), VladivostokShop)));
        Assert.Equal(("Asia/Novosibirsk", "phone"), Describe(RecipientTimeZone.For(Person(phones: "+73833123456"), MoscowShop)));
    }

    [Fact]
    public void A_Kaliningrad_landline_keeps_Kaliningrads_clock_in_summer()
    {
        var (zone, basis) = RecipientTimeZone.For(Person(phones: "+74012123456"), MoscowShop);

        Assert.Equal(("Europe/Kaliningrad", "phone"), (zone.Id, basis));
        // 1 July 06:30 UTC is 08:30 in Kaliningrad (UTC+2 all year; Bucharest would already be at 09:30).
        Assert.Equal(Utc(7, 1, 7, 0), Night.NextAllowed(Utc(7, 1, 6, 30), zone));
    }

    [Fact]
    public void The_customers_own_zone_wins_over_the_phone_and_an_unknown_one_is_passed_over()
    {
        Assert.Equal(("Asia/Vladivostok", "customer"), Describe(RecipientTimeZone.For(Person("Asia/Vladivostok", "+375291234567"), MoscowShop)));
        Assert.Equal(("Europe/Minsk", "phone"), Describe(RecipientTimeZone.For(Person("Mars/Olympus", "+375291234567"), MoscowShop)));
        var invalidFirst = Person(phones: "+375291234567") with { Phones = [new ContactPoint("8 000", false, "not a valid phone"), new ContactPoint("+375291234567", true)] };
        Assert.Equal(("Europe/Minsk", "phone"), Describe(RecipientTimeZone.For(invalidFirst, VladivostokShop)));
    }

    [Fact]
    public void Spring_forward_in_Berlin_the_night_is_an_hour_shorter_and_nine_is_summer_time()
    {
        var quiet = new QuietHours(new TimeOnly(22, 0), new TimeOnly(9, 0));

        // 28 March 23:00 CET (UTC+1); the clocks jump 02:00 → 03:00 on the 29th; 09:00 CEST is 07:00 UTC.
        Assert.Equal(Utc(3, 29, 7, 0), quiet.NextAllowed(Utc(3, 28, 22, 0), Berlin));
        Assert.Equal(TimeSpan.FromHours(2), quiet.NextAllowed(Utc(3, 28, 22, 0), Berlin).Offset);
    }

    [Fact]
    public void Fall_back_in_Berlin_nine_is_winter_time()
    {
        var quiet = new QuietHours(new TimeOnly(22, 0), new TimeOnly(9, 0));

        // 24 October 23:00 CEST (UTC+2); the clocks go back 03:00 → 02:00 on the 25th; 09:00 CET is 08:00 UTC.
        Assert.Equal(Utc(10, 25, 8, 0), quiet.NextAllowed(Utc(10, 24, 21, 0), Berlin));
    }

    [Fact]
    public void A_window_ending_in_the_skipped_hour_ends_when_the_clocks_jump()
    {
        var quiet = new QuietHours(new TimeOnly(22, 0), new TimeOnly(2, 30));

        // 29 March 01:30 CET; 02:30 never happens: at 01:00 UTC the clocks read 03:00 CEST.
        var next = quiet.NextAllowed(Utc(3, 29, 0, 30), Berlin);

        Assert.Equal(Utc(3, 29, 1, 0), next);
        Assert.Equal(new TimeOnly(3, 0), TimeOnly.FromDateTime(next.DateTime));
    }

    [Fact]
    public void A_window_ending_in_the_repeated_hour_ends_at_the_first_end_still_ahead()
    {
        var quiet = new QuietHours(new TimeOnly(22, 0), new TimeOnly(2, 30));

        // 25 October: 02:30 happens twice, at 00:30 UTC (CEST) and at 01:30 UTC (CET).
        Assert.Equal(Utc(10, 25, 0, 30), quiet.NextAllowed(Utc(10, 24, 23, 0), Berlin)); // from 01:00 CEST
        Assert.Equal(Utc(10, 25, 1, 30), quiet.NextAllowed(Utc(10, 25, 1, 10), Berlin)); // from the second 02:10 (CET)
        // A window starting inside the repeated hour: at 01:00 UTC the clocks go back to 02:00, before it starts.
        var small = new QuietHours(new TimeOnly(2, 30), new TimeOnly(9, 0));
        Assert.Equal(Utc(10, 25, 1, 0), small.NextAllowed(Utc(10, 25, 0, 45), Berlin)); // from 02:45 CEST
    }

    [Fact]
    public void Spring_forward_in_New_York_nine_is_daylight_time()
    {
        // 7 March 22:00 EST (UTC-5); on the 8th 02:00 EST becomes 03:00 EDT (UTC-4): 09:00 EDT is 13:00 UTC.
        Assert.Equal(Utc(3, 8, 13, 0), Night.NextAllowed(Utc(3, 8, 3, 0), NewYork));
    }

    [Theory]
    [InlineData("21:00-09:00", 21, 0, 9, 0)]
    [InlineData("21:00–09:00", 21, 0, 9, 0)]
    [InlineData(" 9:00 - 18:30 ", 9, 0, 18, 30)]
    [InlineData("22:00-24:00", 22, 0, 0, 0)]
    public void Parse_reads_start_and_end(string text, int startHour, int startMinute, int endHour, int endMinute)
    {
        Assert.Equal(new QuietHours(new TimeOnly(startHour, startMinute), new TimeOnly(endHour, endMinute)), QuietHours.Parse(text));
    }

    [Fact]
    public void Parse_and_ToString_round_trip_and_none_is_none()
    {
        Assert.Equal("21:00-09:00", Night.ToString());
        Assert.Equal(Night, QuietHours.Parse(Night.ToString()));
        Assert.Equal("21:00:30-09:00", new QuietHours(new TimeOnly(21, 0, 30), new TimeOnly(9, 0)).ToString());
        Assert.Equal(QuietHours.None, QuietHours.Parse("none"));
        Assert.Equal(QuietHours.None, QuietHours.Parse("None"));
        Assert.Equal(QuietHours.None, QuietHours.Parse("10:00-10:00"));
        Assert.Equal("none", QuietHours.None.ToString());
    }

    [Theory]
    [InlineData("", "quiet hours are empty")]
    [InlineData("21:00", "quiet hours '21:00' must be a start and an end separated by '-'")]
    [InlineData("21:00-09:00-10:00", "must be a start and an end")]
    [InlineData("25:00-09:00", "quiet hours '25:00-09:00': start '25:00' is not a time of day (expected HH:mm")]
    [InlineData("21:00-9am", "quiet hours '21:00-9am': end '9am' is not a time of day")]
    [InlineData("21:00-", "quiet hours '21:00-': the end time is missing")]
    [InlineData("-09:00", "the start time is missing")]
    public void Parse_names_the_part_at_fault(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => QuietHours.Parse(text));

        Assert.StartsWith(expected.StartsWith("quiet") ? expected : "quiet hours", error.Message);
        Assert.Contains(expected, error.Message);
    }

    static (string Zone, string Basis) Describe((TimeZoneInfo Zone, string Basis) found) => (found.Zone.Id, found.Basis);
}
