using Hub.Customers;
using Hub.Segments;

namespace Hub.Tests.Segments;

public sealed class SegmentRuleTests
{
    /// <summary>12:00 on 1 June in Moscow.</summary>
    static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    const string Example = """
        { "id": "vip-lenses", "name": "VIP lens buyers", "description": "optional",
          "rule": { "all": [
              { "field": "ordersCount", "op": "gte", "value": 3 },
              { "any": [ { "field": "city", "op": "in", "value": ["Москва", "Санкт-Петербург"] }, { "field": "tags", "op": "contains", "value": "vip" } ] },
              { "bought": { "brand": "Alcon", "withinDays": 180 } },
              { "not": { "bought": { "category": ["Solutions", "Drops"] } } },
              { "consent": "email" },
              { "inSegment": "rfm-champions" },
              { "field": "daysSinceLastOrder", "op": "lte", "value": 90 } ] } }
        """;

    static Customer NewCustomer() => CustomerFolding.New("shop-rules", "c1", Now.AddDays(-400));

    static Customer WithOrders(int count, DateTimeOffset first, DateTimeOffset last, decimal total) => NewCustomer() with
    {
        Aggregates = new CustomerAggregates
        {
            OrdersCount = count,
            TotalSpent = total,
            AverageCheck = total / count,
            FirstOrderAt = first,
            LastOrderAt = last,
            Currency = "RUB",
        },
    };

    static SegmentSubject Subject(Customer customer, RfmScore? rfm = null, Gender? gender = null, params string[] segments) =>
        new(customer, Now, Moscow, rfm, gender, segments.ToHashSet());

    static SegmentRule Rule(string json, params string[] known)
    {
        var result = SegmentDefinitionParser.ParseRule(json, known.ToHashSet());
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
        return result.Rule!;
    }

    static bool Matches(string ruleJson, SegmentSubject subject) => Rule(ruleJson).Matches(subject);

    static string Field(string field, string op, string value) => $$"""{"field":"{{field}}","op":"{{op}}","value":{{value}}}""";

    static string Definition(string rule, string id = "vip") => $$"""{"id":"{{id}}","name":"VIP","rule":{{rule}}}""";

    static List<string> Errors(string json, params string[] known)
    {
        var result = SegmentDefinitionParser.Parse(json, known.ToHashSet());
        Assert.Empty(result.Definitions);
        Assert.False(result.Succeeded);
        return [.. result.Errors.Select(e => e.ToString())];
    }

    static Dictionary<Channel, Consent> Consents(Channel channel, ConsentState state) =>
        new() { [channel] = new Consent(state, "shopify", Now.AddDays(-100)) };

    // ---- evaluation ----

    [Theory]
    [InlineData("eq", "3", true)]
    [InlineData("eq", "4", false)]
    [InlineData("ne", "3", false)]
    [InlineData("ne", "4", true)]
    [InlineData("gt", "2", true)]
    [InlineData("gt", "3", false)]
    [InlineData("gte", "3", true)]
    [InlineData("lt", "3", false)]
    [InlineData("lte", "3", true)]
    [InlineData("in", "[1, 3]", true)]
    [InlineData("in", "[1, 2]", false)]
    [InlineData("exists", "true", true)]
    public void Orders_count_compares_with_every_number_operator(string op, string value, bool expected)
    {
        var customer = WithOrders(3, Now.AddDays(-200), Now.AddDays(-10), 4500m);
        Assert.Equal(expected, Matches(Field("ordersCount", op, value), Subject(customer)));
    }

    [Fact]
    public void Money_fields_compare_as_decimals()
    {
        var subject = Subject(WithOrders(3, Now.AddDays(-200), Now.AddDays(-10), 4500.30m));
        Assert.True(Matches(Field("totalSpent", "gt", "4500.29"), subject));
        Assert.False(Matches(Field("totalSpent", "gt", "4500.30"), subject));
        Assert.True(Matches(Field("averageCheck", "eq", "1500.10"), subject));
    }

    [Fact]
    public void Days_since_last_order_are_calendar_days_in_the_shops_zone()
    {
        // 22:30 UTC on 2 March is 01:30 on 3 March in Moscow: 90 days before 1 June there, 91 by the UTC date.
        var subject = Subject(WithOrders(2, new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 2, 22, 30, 0, TimeSpan.Zero), 3000m));
        Assert.True(Matches(Field("daysSinceLastOrder", "eq", "90"), subject));
        Assert.False(Matches(Field("daysSinceLastOrder", "gt", "90"), subject));
        Assert.True(Matches(Field("daysSinceLastOrder", "lte", "90"), subject));
        Assert.True(Matches(Field("daysSinceFirstOrder", "eq", "142"), subject));
    }

    [Fact]
    public void A_customer_without_orders_matches_only_ne_and_exists_false()
    {
        var subject = Subject(NewCustomer());
        Assert.False(Matches(Field("daysSinceLastOrder", "gt", "0"), subject));
        Assert.False(Matches(Field("daysSinceLastOrder", "lt", "1000"), subject));
        Assert.False(Matches(Field("daysSinceLastOrder", "in", "[0, 1]"), subject));
        Assert.False(Matches(Field("daysSinceLastOrder", "exists", "true"), subject));
        Assert.True(Matches(Field("daysSinceLastOrder", "exists", "false"), subject));
        Assert.True(Matches(Field("daysSinceLastOrder", "ne", "5"), subject));
        Assert.False(Matches(Field("averageCheck", "lt", "1000"), subject));
        // Zero orders and zero spent are values, not missing ones.
        Assert.True(Matches(Field("ordersCount", "eq", "0"), subject));
        Assert.True(Matches(Field("totalSpent", "lte", "0"), subject));
    }

    [Fact]
    public void Rfm_scores_and_segment_are_missing_without_a_score()
    {
        var subject = Subject(NewCustomer());
        Assert.False(Matches(Field("rfmR", "gte", "1"), subject));
        Assert.True(Matches(Field("rfmR", "exists", "false"), subject));
        Assert.False(Matches(Field("rfmSegment", "eq", "\"lost\""), subject));
        Assert.True(Matches(Field("rfmSegment", "ne", "\"lost\""), subject));
    }

    [Fact]
    public void Rfm_segment_matches_with_or_without_its_prefix()
    {
        var subject = Subject(NewCustomer(), new RfmScore(5, 4, 2));
        Assert.Equal("rfm-champions", subject.Rfm!.Segment.Id);
        Assert.True(Matches(Field("rfmSegment", "eq", "\"rfm-champions\""), subject));
        Assert.True(Matches(Field("rfmSegment", "eq", "\"champions\""), subject));
        Assert.True(Matches(Field("rfmSegment", "eq", "\"Champions\""), subject));
        Assert.True(Matches(Field("rfmSegment", "in", "[\"loyal\", \"rfm-champions\"]"), subject));
        Assert.True(Matches(Field("rfmSegment", "ne", "\"loyal\""), subject));
        Assert.True(Matches(Field("rfmR", "eq", "5"), subject));
        Assert.True(Matches(Field("rfmM", "lt", "3"), subject));
        // The model built in code, without the prefix, matches too.
        Assert.True(new Compare(RuleField.RfmSegment, CompareOp.Eq, new RuleValue.Text("champions")).Matches(subject));
    }

    [Fact]
    public void City_compares_case_insensitively_with_yo_read_as_ye()
    {
        var moscow = Subject(NewCustomer() with { City = "  МОСКВА " });
        Assert.True(Matches(Field("city", "eq", "\"Москва\""), moscow));
        Assert.True(Matches(Field("city", "in", "[\"Санкт-Петербург\", \"москва\"]"), moscow));
        Assert.False(Matches(Field("city", "ne", "\"москва\""), moscow));
        Assert.True(Matches(Field("city", "eq", "\"Королев\""), Subject(NewCustomer() with { City = "Королёв" })));
        Assert.True(Matches(Field("city", "contains", "\"петер\""), Subject(NewCustomer() with { City = "Санкт-Петербург" })));
        Assert.False(Matches(Field("city", "contains", "\"петер\""), moscow));
    }

    [Fact]
    public void An_unknown_city_is_not_any_city_but_is_not_moscow()
    {
        var subject = Subject(NewCustomer() with { City = " " });
        Assert.False(Matches(Field("city", "eq", "\"Москва\""), subject));
        Assert.False(Matches(Field("city", "contains", "\"а\""), subject));
        Assert.False(Matches(Field("city", "in", "[\"Москва\"]"), subject));
        Assert.True(Matches(Field("city", "ne", "\"Москва\""), subject));
        Assert.True(Matches(Field("city", "exists", "false"), subject));
    }

    [Fact]
    public void Gender_is_the_subjects_effective_gender()
    {
        // Guessed female by the engine though the data does not say.
        var guessed = Subject(NewCustomer(), gender: Gender.Female);
        Assert.True(Matches(Field("gender", "eq", "\"female\""), guessed));
        Assert.True(Matches(Field("gender", "in", "[\"male\", \"Female\"]"), guessed));
        Assert.True(Matches(Field("gender", "ne", "\"male\""), guessed));
        // The customer record says male, but the subject (the engine's decision) has no gender.
        var unknown = Subject(NewCustomer() with { Gender = Gender.Male }, gender: null);
        Assert.False(Matches(Field("gender", "eq", "\"male\""), unknown));
        Assert.True(Matches(Field("gender", "exists", "false"), unknown));
    }

    [Fact]
    public void Tags_match_whole_tags_case_insensitively()
    {
        var tagged = Subject(NewCustomer() with { Tags = ["VIP", "опт"] });
        Assert.True(Matches(Field("tags", "contains", "\"vip\""), tagged));
        Assert.False(Matches(Field("tags", "contains", "\"vi\""), tagged));
        Assert.True(Matches(Field("tags", "in", "[\"wholesale\", \"ОПТ\"]"), tagged));
        Assert.False(Matches(Field("tags", "in", "[\"wholesale\"]"), tagged));
        Assert.True(Matches(Field("tags", "exists", "true"), tagged));
        var untagged = Subject(NewCustomer());
        Assert.False(Matches(Field("tags", "contains", "\"vip\""), untagged));
        Assert.True(Matches(Field("tags", "exists", "false"), untagged));
    }

    [Fact]
    public void Email_and_phone_exist_only_when_valid()
    {
        var invalid = Subject(NewCustomer() with { Emails = [new ContactPoint("ivan@", false, "no domain")] });
        Assert.False(Matches(Field("email", "exists", "true"), invalid));
        Assert.True(Matches(Field("email", "exists", "false"), invalid));
        var valid = Subject(NewCustomer() with { Phones = [new ContactPoint("+79995551111", true)] });
        Assert.True(Matches(Field("phone", "exists", "true"), valid));
        Assert.False(Matches(Field("email", "exists", "true"), valid));
    }

    [Fact]
    public void Birthday_month_and_days_since_created()
    {
        var subject = Subject(NewCustomer() with { Birthday = new DateOnly(1990, 6, 15) });
        Assert.True(Matches(Field("birthdayMonth", "eq", "6"), subject));
        Assert.True(Matches(Field("birthdayMonth", "in", "[5, 6, 7]"), subject));
        Assert.True(Matches(Field("daysSinceCreated", "eq", "400"), subject));
        Assert.False(Matches(Field("birthdayMonth", "eq", "6"), Subject(NewCustomer())));
    }

    [Fact]
    public void All_any_and_not_nest()
    {
        var rule = $$$"""
            {"all": [
              {"any": [{{{Field("city", "eq", "\"Казань\"")}}}, {"not": {{{Field("ordersCount", "lt", "2")}}} }]},
              {"not": {"any": [{{{Field("tags", "contains", "\"blocked\"")}}}, {{{Field("email", "exists", "false")}}}]}}
            ]}
            """;
        var email = new ContactPoint("ivan@mail.ru", true);
        Assert.True(Matches(rule, Subject(NewCustomer() with { City = "казань", Emails = [email] })));
        Assert.True(Matches(rule, Subject(WithOrders(2, Now.AddDays(-50), Now.AddDays(-5), 100m) with { Emails = [email] })));
        Assert.False(Matches(rule, Subject(NewCustomer() with { City = "Москва", Emails = [email] })));
        Assert.False(Matches(rule, Subject(NewCustomer() with { City = "Казань", Emails = [email], Tags = ["Blocked"] })));
        Assert.False(Matches(rule, Subject(NewCustomer() with { City = "Казань" })));
    }

    [Fact]
    public void Bought_matches_any_of_the_names_case_insensitively()
    {
        var customer = NewCustomer() with
        {
            Aggregates = new CustomerAggregates
            {
                Brands = [new Bought("Alcon", Now.AddDays(-400)), new Bought("Bausch+Lomb", Now.AddDays(-10))],
                Categories = [new Bought("Линзы", Now.AddDays(-10))],
                Products = [new ProductPurchases("p-air", "Air Optix Aqua", "Линзы", [Now.AddDays(-100), Now.AddDays(-10)])],
            },
        };
        var subject = Subject(customer);
        Assert.True(Matches("""{"bought": {"brand": "alcon"}}""", subject));
        Assert.True(Matches("""{"bought": {"brand": ["Acuvue", "BAUSCH+LOMB"]}}""", subject));
        Assert.False(Matches("""{"bought": {"brand": "Acuvue"}}""", subject));
        Assert.True(Matches("""{"bought": {"category": "линзы"}}""", subject));
        Assert.False(Matches("""{"bought": {"category": "Drops"}}""", subject));
        // A product by its key or its name, recent by its newest purchase.
        Assert.True(Matches("""{"bought": {"product": "P-AIR", "withinDays": 10}}""", subject));
        Assert.True(Matches("""{"bought": {"product": "air optix aqua", "withinDays": 10}}""", subject));
        Assert.False(Matches("""{"bought": {"product": "p-air", "withinDays": 9}}""", subject));
        Assert.False(Matches("""{"bought": {"product": "Air Optix"}}""", subject));
        // Alcon was bought, but not within the last 180 days.
        Assert.False(Matches("""{"bought": {"brand": "Alcon", "withinDays": 180}}""", subject));
        Assert.True(Matches("""{"not": {"bought": {"brand": "Acuvue"}}}""", subject));
    }

    [Theory]
    [InlineData("2026-05-01T22:30:00Z", 30, true)]   // 01:30 on 2 May in Moscow: 30 days before 1 June
    [InlineData("2026-05-01T22:30:00Z", 29, false)]
    [InlineData("2026-05-01T20:59:00Z", 30, false)]  // 23:59 on 1 May in Moscow: 31 days
    [InlineData("2026-05-01T20:59:00Z", 31, true)]
    [InlineData("2026-06-01T08:00:00Z", 0, true)]    // earlier today
    [InlineData("2026-05-31T20:59:00Z", 0, false)]   // 23:59 yesterday in Moscow
    public void Bought_within_days_counts_calendar_days_in_Moscow(string lastBought, int withinDays, bool expected)
    {
        var customer = NewCustomer() with
        {
            Aggregates = new CustomerAggregates { Brands = [new Bought("Alcon", DateTimeOffset.Parse(lastBought, System.Globalization.CultureInfo.InvariantCulture))] },
        };
        var rule = new BoughtRule(BoughtKind.Brand, ["Alcon"], withinDays);
        Assert.Equal(expected, rule.Matches(Subject(customer)));
        Assert.True(new BoughtRule(BoughtKind.Brand, ["Alcon"]).Matches(Subject(customer)));
    }

    [Theory]
    [InlineData(ConsentState.Granted, true)]
    [InlineData(ConsentState.Denied, false)]
    [InlineData(ConsentState.Pending, false)]
    [InlineData(null, false)]
    public void Consent_matches_only_when_granted_for_that_channel(ConsentState? state, bool expected)
    {
        var customer = state is { } s ? NewCustomer() with { Consents = Consents(Channel.Email, s) } : NewCustomer();
        Assert.Equal(expected, Matches("""{"consent": "email"}""", Subject(customer)));
        Assert.False(Matches("""{"consent": "sms"}""", Subject(customer)));
    }

    [Fact]
    public void Consent_accepts_both_spellings_of_whats_app_and_keeps_hubjsons()
    {
        var customer = NewCustomer() with { Consents = Consents(Channel.WhatsApp, ConsentState.Granted) };
        foreach (var spelling in new[] { "whatsapp", "whats-app" })
        {
            var rule = Rule($$"""{"consent": "{{spelling}}"}""");
            Assert.Equal(new ConsentRule(Channel.WhatsApp), rule);
            Assert.True(rule.Matches(Subject(customer)));
            Assert.Equal("""{"consent":"whats-app"}""", rule.ToJson());
        }
    }

    [Fact]
    public void In_segment_looks_at_the_segments_already_decided()
    {
        var rule = Rule("""{"all": [{"inSegment": "lapsed"}, {"not": {"inSegment": "lens-fans"}}]}""", "lens-fans");
        Assert.True(rule.Matches(Subject(NewCustomer(), segments: ["lapsed", "gender-female"])));
        Assert.False(rule.Matches(Subject(NewCustomer(), segments: ["lapsed", "lens-fans"])));
        Assert.False(rule.Matches(Subject(NewCustomer())));
        Assert.Equal(["lapsed", "lens-fans"], rule.ReferencedSegments());
    }

    // ---- the example ----

    [Fact]
    public void The_documented_example_parses_and_picks_its_customers()
    {
        var result = SegmentDefinitionParser.Parse(Example, new HashSet<string>());
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var vip = Assert.Single(result.Definitions);
        Assert.Equal(("vip-lenses", "VIP lens buyers", "optional"), (vip.Id, vip.Name, vip.Description));
        Assert.Equal(["rfm-champions"], vip.Rule.ReferencedSegments());

        var buyer = WithOrders(4, Now.AddDays(-300), Now.AddDays(-20), 12000m) with
        {
            City = "москва",
            Consents = Consents(Channel.Email, ConsentState.Granted),
        };
        buyer = buyer with
        {
            Aggregates = buyer.Aggregates with
            {
                Brands = [new Bought("Alcon", Now.AddDays(-20))],
                Categories = [new Bought("Lenses", Now.AddDays(-20))],
            },
        };
        SegmentSubject Of(Customer c, string segment = "rfm-champions") => Subject(c, new RfmScore(5, 5, 5), null, segment);

        Assert.True(vip.Rule.Matches(Of(buyer)));
        // Outside the capitals, the vip tag lets them in.
        Assert.False(vip.Rule.Matches(Of(buyer with { City = "Казань" })));
        Assert.True(vip.Rule.Matches(Of(buyer with { City = "Казань", Tags = ["VIP"] })));
        // Each other condition keeps them out on its own.
        Assert.False(vip.Rule.Matches(Of(buyer, "rfm-loyal")));
        Assert.False(vip.Rule.Matches(Of(buyer with { Consents = Consents(Channel.Email, ConsentState.Denied) })));
        Assert.False(vip.Rule.Matches(Of(buyer with { Aggregates = buyer.Aggregates with { Categories = [new Bought("Drops", Now.AddDays(-400))] } })));
        Assert.False(vip.Rule.Matches(Of(buyer with { Aggregates = buyer.Aggregates with { OrdersCount = 2 } })));
        Assert.False(vip.Rule.Matches(Of(buyer with { Aggregates = buyer.Aggregates with { LastOrderAt = Now.AddDays(-91) } })));
        Assert.False(vip.Rule.Matches(Of(buyer with { Aggregates = buyer.Aggregates with { Brands = [new Bought("Alcon", Now.AddDays(-181))] } })));
    }

    [Fact]
    public void Rule_json_is_canonical_and_reads_back_the_same()
    {
        var vip = Assert.Single(SegmentDefinitionParser.Parse(Example, new HashSet<string>()).Definitions);
        const string canonical = """{"all":[{"field":"ordersCount","op":"gte","value":3},{"any":[{"field":"city","op":"in","value":["Москва","Санкт-Петербург"]},{"field":"tags","op":"contains","value":"vip"}]},{"bought":{"brand":"Alcon","withinDays":180}},{"not":{"bought":{"category":["Solutions","Drops"]}}},{"consent":"email"},{"inSegment":"rfm-champions"},{"field":"daysSinceLastOrder","op":"lte","value":90}]}""";
        Assert.Equal(canonical, vip.RuleJson);
        Assert.Equal(canonical, Rule(vip.RuleJson).ToJson());
        // Choices are kept as the subject holds them.
        Assert.Equal("""{"field":"rfmSegment","op":"in","value":["rfm-champions","rfm-loyal"]}""",
            Rule(Field("rfmSegment", "in", "[\"Champions\", \"rfm-loyal\"]")).ToJson());
    }

    [Fact]
    public void A_file_holds_one_definition_or_an_array_of_them()
    {
        var json = $"[{Definition(Field("ordersCount", "gte", "2"), "repeaters")}, {Definition("""{"inSegment": "repeaters"}""", "also-repeaters")}]";
        var result = SegmentDefinitionParser.Parse(json, new HashSet<string>());
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(["repeaters", "also-repeaters"], result.Definitions.Select(d => d.Id));
        Assert.Null(result.Definitions[0].Description);
    }

    // ---- validation ----

    [Fact]
    public void An_unknown_operator_lists_the_operators()
    {
        var errors = Errors(Example.Replace("{ \"bought\": { \"brand\": \"Alcon\", \"withinDays\": 180 } }", Field("ordersCount", "greater", "3")));
        Assert.Equal(["vip-lenses: rule.all[2].op: unknown operator 'greater'; expected one of eq, ne, gt, gte, lt, lte, in, contains, exists"], errors);
        Assert.Equal(["vip: rule.op: unknown operator 'gtee'; did you mean 'gte'?"], Errors(Definition(Field("ordersCount", "gtee", "3"))));
    }

    [Fact]
    public void An_unknown_field_suggests_the_closest_name()
    {
        var errors = Errors(Example.Replace("\"ordersCount\"", "\"orderCount\""));
        Assert.Equal(["vip-lenses: rule.all[0].field: unknown field 'orderCount'; did you mean 'ordersCount'?"], errors);
        var far = Assert.Single(Errors(Definition(Field("loyalty", "eq", "1"))));
        Assert.StartsWith("vip: rule.field: unknown field 'loyalty'; expected one of ordersCount, totalSpent, averageCheck,", far);
    }

    [Theory]
    [InlineData("ordersCount", "gte", "\"3\"", "vip: rule: value must be a number for ordersCount, not the string \"3\"")]
    [InlineData("ordersCount", "gte", "2.5", "vip: rule: value must be a whole number for ordersCount")]
    [InlineData("daysSinceLastOrder", "gt", "-1", "vip: rule: value must be 0 or more for daysSinceLastOrder")]
    [InlineData("birthdayMonth", "eq", "13", "vip: rule: value must be between 1 and 12 for birthdayMonth")]
    [InlineData("rfmR", "eq", "0", "vip: rule: value must be between 1 and 5 for rfmR")]
    [InlineData("city", "eq", "5", "vip: rule: value must be a string for city, not the number 5")]
    [InlineData("city", "eq", "\" \"", "vip: rule: value must not be empty")]
    [InlineData("email", "exists", "\"yes\"", "vip: rule: value must be true or false for 'exists'")]
    [InlineData("city", "in", "\"Москва\"", "vip: rule: value must be an array for 'in', like [\"a\", \"b\"] or [1, 2], not the string \"Москва\"")]
    [InlineData("ordersCount", "in", "[]", "vip: rule: value is an empty array: 'in' needs at least one value")]
    [InlineData("ordersCount", "in", "[1, \"2\"]", "vip: rule: value[1] must be a number for ordersCount, not the string \"2\"")]
    [InlineData("gender", "eq", "\"f\"", "vip: rule.value: unknown gender 'f'; expected one of female, male")]
    [InlineData("rfmSegment", "in", "[\"loyal\", \"rfm-champion\"]", "vip: rule.value[1]: unknown RFM segment 'rfm-champion'; did you mean 'champions'?")]
    public void A_wrong_value_names_the_field_and_what_it_needs(string field, string op, string value, string expected)
    {
        Assert.Equal([expected], Errors(Definition(Field(field, op, value))));
    }

    [Theory]
    [InlineData("ordersCount", "contains", "vip: rule.op: operator 'contains' does not apply to ordersCount, which is a number; use eq, ne, gt, gte, lt, lte, in or exists")]
    [InlineData("city", "gt", "vip: rule.op: operator 'gt' does not apply to city, which is text; use eq, ne, in, contains or exists")]
    [InlineData("tags", "eq", "vip: rule.op: operator 'eq' does not apply to tags, which is a list of tags; use contains, in or exists")]
    [InlineData("email", "eq", "vip: rule.op: operator 'eq' does not apply to email, which is present or not; use exists")]
    public void An_operator_that_does_not_fit_the_field_says_which_do(string field, string op, string expected)
    {
        Assert.Equal([expected], Errors(Definition(Field(field, op, "\"x\""))));
    }

    [Fact]
    public void Empty_all_and_any_are_refused()
    {
        Assert.Equal(["vip: rule: all is empty; it needs at least one condition"], Errors(Definition("""{"all": []}""")));
        Assert.Equal(["vip: rule.all[0]: any is empty; it needs at least one condition"], Errors(Definition("""{"all": [{"any": []}]}""")));
        Assert.Equal(["vip: rule: any must be an array of conditions, not an object"], Errors(Definition("""{"any": {"consent": "sms"}}""")));
    }

    [Fact]
    public void A_condition_needs_exactly_one_recognised_key()
    {
        Assert.Equal(["vip: rule.all[0]: empty condition; expected one of all, any, not, field, bought, consent, inSegment"],
            Errors(Definition("""{"all": [{}]}""")));
        Assert.Equal(["vip: rule: a condition takes exactly one of all, any, not, field, bought, consent, inSegment; found consent and inSegment: put each in its own condition inside all or any"],
            Errors(Definition("""{"consent": "email", "inSegment": "lapsed"}""")));
        Assert.Equal(["vip: rule.not: unknown condition 'bougth'; did you mean 'bought'?"],
            Errors(Definition("""{"not": {"bougth": {"brand": "Alcon"}}}""")));
        Assert.Equal(["vip: rule: field is missing: a comparison needs field, op and value"],
            Errors(Definition("""{"op": "gt", "value": 1}""")));
        Assert.Equal(["vip: rule: unknown key 'valu' in a 'field' condition; did you mean 'value'?", "vip: rule: value is missing"],
            Errors(Definition("""{"field": "ordersCount", "op": "gt", "valu": 1}""")));
        Assert.Equal(["vip: rule.all[1]: a condition must be an object, not the string \"vip\""],
            Errors(Definition("""{"all": [{"consent": "sms"}, "vip"]}""")));
    }

    [Fact]
    public void Bought_takes_exactly_one_of_brand_category_and_product()
    {
        Assert.Equal(["vip: rule.bought: bought needs one of brand, category, product"], Errors(Definition("""{"bought": {"withinDays": 30}}""")));
        Assert.Equal(["vip: rule.bought: bought takes exactly one of brand, category, product; found brand and category"],
            Errors(Definition("""{"bought": {"brand": "Alcon", "category": "Lenses"}}""")));
        Assert.Equal(["vip: rule.bought: unknown key 'brands'; did you mean 'brand'?", "vip: rule.bought: bought needs one of brand, category, product"],
            Errors(Definition("""{"bought": {"brands": ["Alcon"]}}""")));
        Assert.Equal(["vip: rule.bought: withinDays must be a whole number of days, 0 or more"],
            Errors(Definition("""{"bought": {"brand": "Alcon", "withinDays": -1}}""")));
        Assert.Equal(["vip: rule.bought: brand must be a name or an array of names, like \"Alcon\" or [\"Alcon\", \"Bausch\"]"],
            Errors(Definition("""{"bought": {"brand": []}}""")));
    }

    [Fact]
    public void An_unknown_channel_suggests_one()
    {
        Assert.Equal(["vip: rule.all[1].consent: unknown channel 'mail'; did you mean 'email'?"],
            Errors(Definition("""{"all": [{"consent": "sms"}, {"consent": "mail"}]}""")));
        Assert.Equal(["vip: rule.consent: unknown channel 'pigeon'; expected one of email, sms, telegram, whats-app, viber, vk, ads"],
            Errors(Definition("""{"consent": "pigeon"}""")));
    }

    [Fact]
    public void In_segment_must_name_a_segment_that_exists()
    {
        // Built-in, stored, and defined in the same file.
        var file = $"[{Definition("""{"any": [{"inSegment": "birthday-soon"}, {"inSegment": "stored-one"}]}""", "fans")}, {Definition("""{"inSegment": "fans"}""", "fans-too")}]";
        Assert.True(SegmentDefinitionParser.Parse(file, new HashSet<string> { "stored-one" }).Succeeded);
        Assert.Equal(["fans: rule.inSegment: unknown segment 'rfm-champion'; did you mean 'rfm-champions'?"],
            Errors(Definition("""{"inSegment": "rfm-champion"}""", "fans")));
        Assert.Equal(["fans: rule.not.inSegment: unknown segment 'lens-fans': it is not a built-in segment, a stored custom segment, nor defined in this file"],
            Errors(Definition("""{"not": {"inSegment": "lens-fans"}}""", "fans")));
        Assert.Equal(["rule.inSegment: unknown segment 'goldn'; did you mean 'golden'?"],
            SegmentDefinitionParser.ParseRule("""{"inSegment": "goldn"}""", new HashSet<string> { "golden" }).Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("\"VIP Lenses\"", "vip: id: 'VIP Lenses' is not a usable segment id: use 2–63 lower-case letters, digits and dashes, starting and ending with a letter or digit")]
    [InlineData("\"a\"", "vip: id: 'a' is not a usable segment id: use 2–63 lower-case letters, digits and dashes, starting and ending with a letter or digit")]
    [InlineData("\"lapsed\"", "vip: id: 'lapsed' is the id of a built-in segment; choose another")]
    [InlineData("\"rfm-whales\"", "vip: id: ids starting with 'rfm-' are reserved for built-in segments; choose another")]
    [InlineData("\"gender-other\"", "vip: id: ids starting with 'gender-' are reserved for built-in segments; choose another")]
    [InlineData("7", "vip: id must be a string, not the number 7")]
    public void Ids_are_checked(string id, string expected)
    {
        // The definition is named by its position in the array when its id is unusable.
        var json = $$$"""[{{{Definition("""{"consent": "email"}""", "ok-one")}}}, {"id": {{{id}}}, "name": "X", "rule": {"consent": "email"}}]""";
        Assert.Equal([expected.Replace("vip: ", "[1]: ", StringComparison.Ordinal)], Errors(json));
    }

    [Fact]
    public void An_unusable_id_is_reported_once_not_again_where_a_rule_names_it()
    {
        var json = $"[{Definition("""{"consent": "sms"}""", "Lens Fans")}, {Definition("""{"inSegment": "Lens Fans"}""", "lens-fans-too")}]";
        Assert.Equal(["[0]: id: 'Lens Fans' is not a usable segment id: use 2–63 lower-case letters, digits and dashes, starting and ending with a letter or digit"],
            Errors(json));
    }

    [Fact]
    public void Missing_and_unknown_keys_of_a_definition_are_named()
    {
        Assert.Equal(["id is missing", "name is missing", "unknown key 'rules'; did you mean 'rule'?", "rule is missing"],
            Errors("""{"rules": {"consent": "email"}}"""));
        Assert.Equal(["expected a segment definition object or an array of them, not the string \"vip\""], Errors("\"vip\""));
        Assert.Equal(["the file defines no segments"], Errors("[]"));
    }

    [Fact]
    public void Duplicate_ids_in_one_file_are_refused()
    {
        var json = $"[{Definition("""{"consent": "email"}""", "vip")}, {Definition("""{"consent": "sms"}""", "other")}, {Definition("""{"consent": "sms"}""", "vip")}]";
        Assert.Equal(["vip: id: 'vip' is defined more than once in this file (at [0], [2])"], Errors(json));
    }

    [Fact]
    public void Malformed_json_reports_line_and_position()
    {
        var errors = Errors("{\n  \"id\": \"vip\",\n  \"name\": \"VIP\",\n  \"rule\": }");
        var error = Assert.Single(errors);
        Assert.StartsWith("malformed JSON at line 4, position 11: ", error);
        Assert.DoesNotContain("LineNumber", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1, null]")]
    [InlineData("{\"id\": ")]
    [InlineData("{\"id\": \"vip\", \"name\": \"VIP\", \"rule\": {\"all\": [{\"not\": [1]}, {\"field\": null, \"op\": 3}]}}")]
    public void Bad_input_never_throws(string json)
    {
        Assert.NotEmpty(Errors(json));
    }

    [Fact]
    public void An_invalid_definition_among_several_yields_every_error_and_no_definitions()
    {
        var json = $$$"""
            [
              {{{Definition("""{"consent": "email"}""", "fine")}}},
              {"id": "broken", "name": "Broken", "rule": {"all": [
                {"field": "citty", "op": "eq", "value": "Москва"},
                {"field": "ordersCount", "op": "gte", "value": "3"},
                {"consent": "mail"}
              ]}}
            ]
            """;
        Assert.Equal(
        [
            "broken: rule.all[0].field: unknown field 'citty'; did you mean 'city'?",
            "broken: rule.all[1]: value must be a number for ordersCount, not the string \"3\"",
            "broken: rule.all[2].consent: unknown channel 'mail'; did you mean 'email'?",
        ], Errors(json));
    }

    // ---- dependency order ----

    [Fact]
    public void Cycles_between_custom_segments_are_refused()
    {
        var json = $"[{Definition("""{"all": [{"consent": "email"}, {"inSegment": "silver"}]}""", "gold")}, {Definition("""{"inSegment": "gold"}""", "silver")}]";
        Assert.Equal(["gold: rule.all[1].inSegment: segments depend on each other in a cycle: gold → silver → gold"], Errors(json));
        Assert.Equal(["narcissus: rule.not.inSegment: segments depend on each other in a cycle: narcissus → narcissus"],
            Errors(Definition("""{"not": {"inSegment": "narcissus"}}""", "narcissus")));
    }

    [Fact]
    public void A_cycle_through_a_stored_segment_is_found()
    {
        var stored = new[] { new SegmentDefinition("silver", "Silver", null, new InSegment("gold")) };
        var result = SegmentDefinitionParser.Parse(Definition("""{"inSegment": "silver"}""", "gold"), stored);
        Assert.Equal(["gold: rule.inSegment: segments depend on each other in a cycle: gold → silver → gold"], result.Errors.Select(e => e.ToString()));
        // Redefining silver in the same file breaks the cycle.
        var both = $"[{Definition("""{"inSegment": "silver"}""", "gold")}, {Definition("""{"consent": "sms"}""", "silver")}]";
        Assert.True(SegmentDefinitionParser.Parse(both, stored).Succeeded);
    }

    [Fact]
    public void Dependency_order_puts_each_segment_after_those_it_names()
    {
        var json = $"""
            [{Definition("""{"all": [{"inSegment": "seg-b"}, {"inSegment": "lapsed"}]}""", "seg-c")},
             {Definition("""{"inSegment": "seg-a"}""", "seg-b")},
             {Definition("""{"consent": "email"}""", "seg-d")},
             {Definition("""{"any": [{"inSegment": "rfm-lost"}, {"inSegment": "seg-d"}]}""", "seg-a")}]
            """;
        var result = SegmentDefinitionParser.Parse(json, new HashSet<string>());
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(["seg-d", "seg-a", "seg-b", "seg-c"], SegmentDependencies.InDependencyOrder(result.Definitions).Select(d => d.Id));
        var independent = new[] { "x", "y", "z" }.Select(id => new SegmentDefinition(id, id, null, new InSegment("new")));
        Assert.Equal(["x", "y", "z"], SegmentDependencies.InDependencyOrder(independent).Select(d => d.Id));
    }

    [Fact]
    public void Dependency_order_refuses_a_cycle_it_is_given()
    {
        var definitions = new[]
        {
            new SegmentDefinition("a", "A", null, new All([new InSegment("b")])),
            new SegmentDefinition("b", "B", null, new InSegment("a")),
        };
        var error = Assert.Throws<InvalidOperationException>(() => SegmentDependencies.InDependencyOrder(definitions));
        Assert.Contains("a → b → a", error.Message);
    }

    [Fact]
    public void Every_field_has_its_spec()
    {
        Assert.All(Enum.GetValues<RuleField>(), f => Assert.Equal(f, RuleFields.Of(f).Field));
    }

    [Fact]
    public void A_shop_keeps_at_most_200_custom_segments_and_a_replaced_one_does_not_count_twice()
    {
        var stored = Enumerable.Range(0, SegmentDefinitionParser.MaxCustomSegments).Select(i => $"seg-{i}").ToArray();
        var rule = Field("ordersCount", "gte", "1");

        var error = Assert.Single(Errors(Definition(rule, "one-more"), stored));
        Assert.Contains("at most 200 custom segments", error);
        Assert.Contains("would make 201", error);
        Assert.True(SegmentDefinitionParser.Parse(Definition(rule, "seg-7"), stored.ToHashSet()).Succeeded);
    }
}
