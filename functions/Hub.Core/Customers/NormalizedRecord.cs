namespace Hub.Customers;

/// <summary>A <see cref="CustomerRecord"/> with its contacts normalised and the identity keys it carries.</summary>
public sealed record NormalizedRecord(CustomerRecord Record, IReadOnlyList<ContactPoint> Emails, IReadOnlyList<ContactPoint> Phones)
{
    /// <summary>Valid emails and phones and the platform id: invalid contacts never link people.</summary>
    public IReadOnlyList<IdentityKey> Keys { get; } = BuildKeys(Record, Emails, Phones);

    public static NormalizedRecord From(CustomerRecord record, ContactNormalizer normalizer) => new(
        record,
        Distinct(record.Emails.Where(e => !string.IsNullOrWhiteSpace(e)).Select(ContactNormalizer.Email)),
        Distinct(record.Phones.Where(p => !string.IsNullOrWhiteSpace(p)).Select(normalizer.Phone)));

    static ContactPoint[] Distinct(IEnumerable<ContactPoint> points) => points.DistinctBy(p => p.Value).ToArray();

    static IdentityKey[] BuildKeys(CustomerRecord record, IReadOnlyList<ContactPoint> emails, IReadOnlyList<ContactPoint> phones)
    {
        var keys = new List<IdentityKey>();
        if (!string.IsNullOrWhiteSpace(record.ExternalId))
        {
            keys.Add(IdentityKey.ForPlatformId(record.Source, record.ExternalId.Trim()));
        }
        keys.AddRange(emails.Where(e => e.Valid).Select(e => IdentityKey.ForEmail(e.Value)));
        keys.AddRange(phones.Where(p => p.Valid).Select(p => IdentityKey.ForPhone(p.Value)));
        return keys.ToArray();
    }
}

/// <summary>How a record is applied to a customer.</summary>
public enum ApplyMode
{
    /// <summary>A profile from the source: newer versions overwrite, older ones only fill gaps.</summary>
    Profile,
    /// <summary>Contact details seen on an order or cart: they only add, never overwrite.</summary>
    Additive,
    /// <summary>A consent change only.</summary>
    ConsentOnly,
}

/// <summary>Pure rules for folding what sources say into one customer. No I/O.</summary>
public static class CustomerFolding
{
    public static Customer New(string shopId, string id, DateTimeOffset now) => new()
    {
        Id = id,
        ShopId = shopId,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>A new customer id: time-ordered, key-safe.</summary>
    public static string NewId() => "c" + Guid.CreateVersion7().ToString("N");

    public static Customer Apply(Customer customer, NormalizedRecord normalized, ApplyMode mode, DateTimeOffset now)
    {
        var record = normalized.Record;
        var consents = MergeConsents(customer.Consents, record.Consents);
        if (mode == ApplyMode.ConsentOnly)
        {
            return customer with
            {
                Consents = consents,
                Emails = Union(customer.Emails, normalized.Emails, newerFirst: false),
                Phones = Union(customer.Phones, normalized.Phones, newerFirst: false),
                ExternalIds = WithExternalId(customer.ExternalIds, record),
            };
        }

        var stored = customer.SourceVersions.TryGetValue(record.Source, out var version) ? version : (DateTimeOffset?)null;
        // A profile without a version (a CSV snapshot) counts as current; one older than what we hold only fills gaps.
        var newer = mode == ApplyMode.Profile && (record.UpdatedAt is null || stored is null || record.UpdatedAt > stored);
        var versions = customer.SourceVersions;
        if (newer && record.UpdatedAt is { } updated)
        {
            versions = new Dictionary<string, DateTimeOffset>(customer.SourceVersions) { [record.Source] = updated };
        }

        return customer with
        {
            FirstName = Pick(customer.FirstName, record.FirstName, newer),
            LastName = Pick(customer.LastName, record.LastName, newer),
            MiddleName = Pick(customer.MiddleName, record.MiddleName, newer),
            City = Pick(customer.City, record.City, newer),
            TimeZone = Pick(customer.TimeZone, record.TimeZone, newer),
            Birthday = newer ? record.Birthday ?? customer.Birthday : customer.Birthday ?? record.Birthday,
            Gender = newer ? record.Gender ?? customer.Gender : customer.Gender ?? record.Gender,
            Tags = record.Tags.Count == 0 ? customer.Tags : newer ? Tidy(record.Tags) : Tidy(customer.Tags.Concat(record.Tags)),
            Emails = Union(customer.Emails, normalized.Emails, newer),
            Phones = Union(customer.Phones, normalized.Phones, newer),
            Consents = consents,
            ExternalIds = WithExternalId(customer.ExternalIds, record),
            SourceVersions = versions,
            CreatedAt = Min(customer.CreatedAt, record.CreatedAt),
            DeletedAt = newer && mode == ApplyMode.Profile ? null : customer.DeletedAt,
        };
    }

    /// <summary>Folds a merged-away customer into the survivor: nothing of the loser is lost.</summary>
    public static Customer Fold(Customer survivor, Customer loser) => survivor with
    {
        FirstName = survivor.FirstName ?? loser.FirstName,
        LastName = survivor.LastName ?? loser.LastName,
        MiddleName = survivor.MiddleName ?? loser.MiddleName,
        City = survivor.City ?? loser.City,
        TimeZone = survivor.TimeZone ?? loser.TimeZone,
        Birthday = survivor.Birthday ?? loser.Birthday,
        Gender = survivor.Gender ?? loser.Gender,
        Tags = Tidy(survivor.Tags.Concat(loser.Tags)),
        Emails = Union(survivor.Emails, loser.Emails, newerFirst: false),
        Phones = Union(survivor.Phones, loser.Phones, newerFirst: false),
        Consents = MergeConsents(survivor.Consents, loser.Consents),
        ExternalIds = loser.ExternalIds.Concat(survivor.ExternalIds).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
        SourceVersions = survivor.SourceVersions.Concat(loser.SourceVersions).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Max(p => p.Value)),
        CreatedAt = survivor.CreatedAt < loser.CreatedAt ? survivor.CreatedAt : loser.CreatedAt,
    };

    /// <summary>Aggregates from all of a customer's orders; cancelled orders do not count; money in the shop's currency.</summary>
    public static CustomerAggregates Aggregate(IReadOnlyCollection<Order> orders, string shopCurrency)
    {
        var counted = orders.Where(o => !o.Cancelled).OrderBy(o => o.CreatedAt).ToArray();
        if (counted.Length == 0)
        {
            return CustomerAggregates.None with { Currency = shopCurrency };
        }
        var spent = counted.Where(o => string.Equals(o.Currency, shopCurrency, StringComparison.OrdinalIgnoreCase)).Sum(o => o.Total);
        var recentFirst = counted.Reverse().SelectMany(o => o.Items.Select(i => (Item: i, o.CreatedAt))).ToArray();
        return new CustomerAggregates
        {
            FirstOrderAt = counted[0].CreatedAt,
            LastOrderAt = counted[^1].CreatedAt,
            OrdersCount = counted.Length,
            TotalSpent = spent,
            AverageCheck = Math.Round(spent / counted.Length, 2, MidpointRounding.AwayFromZero),
            Currency = shopCurrency,
            Brands = LastBought(recentFirst.Select(p => (p.Item.Brand, p.CreatedAt)), CustomerAggregates.MaxBrands),
            Categories = LastBought(recentFirst.Select(p => (p.Item.Category, p.CreatedAt)), CustomerAggregates.MaxCategories),
            Products = recentFirst
                .Where(p => ProductKey(p.Item) is not null)
                .GroupBy(p => ProductKey(p.Item)!, StringComparer.Ordinal)
                .Take(CustomerAggregates.MaxProducts)
                .Select(g => new ProductPurchases(
                    g.Key,
                    g.First().Item.Name?.Trim(),
                    g.First().Item.Category?.Trim(),
                    g.Select(p => p.CreatedAt).Distinct().Take(CustomerAggregates.MaxDatesPerProduct).Reverse().ToArray()))
                .ToArray(),
        };
    }

    /// <summary>What identifies a product across orders: the platform's product id, else the SKU, else the name.</summary>
    public static string? ProductKey(LineItem item) =>
        new[] { item.ProductId, item.Sku, item.Name }.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    static Bought[] LastBought(IEnumerable<(string? Name, DateTimeOffset At)> recentFirst, int max) => recentFirst
        .Where(p => !string.IsNullOrWhiteSpace(p.Name))
        .Select(p => new Bought(p.Name!.Trim(), p.At))
        .DistinctBy(b => b.Name, StringComparer.OrdinalIgnoreCase)
        .Take(max)
        .ToArray();

    static string[] Tidy(IEnumerable<string> tags) => tags
        .Where(t => !string.IsNullOrWhiteSpace(t))
        .Select(t => t.Trim())
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .Take(MaxTags)
        .ToArray();

    public const int MaxTags = 50;

    static string? Pick(string? current, string? incoming, bool newer)
    {
        incoming = string.IsNullOrWhiteSpace(incoming) ? null : incoming.Trim();
        return newer ? incoming ?? current : current ?? incoming;
    }

    static DateTimeOffset Min(DateTimeOffset current, DateTimeOffset? incoming)
        => incoming is { } value && (current == default || value < current) ? value : current;

    static IReadOnlyList<ContactPoint> Union(IReadOnlyList<ContactPoint> current, IReadOnlyList<ContactPoint> incoming, bool newerFirst)
    {
        if (incoming.Count == 0)
        {
            return current;
        }
        var ordered = newerFirst ? incoming.Concat(current) : current.Concat(incoming);
        return ordered.DistinctBy(p => p.Value).Take(CustomerEntities.MaxContactsPerKind).ToArray();
    }

    static IReadOnlyDictionary<Channel, Consent> MergeConsents(IReadOnlyDictionary<Channel, Consent> current, IReadOnlyDictionary<Channel, Consent> incoming)
    {
        if (incoming.Count == 0)
        {
            return current;
        }
        var merged = new Dictionary<Channel, Consent>(current);
        foreach (var (channel, consent) in incoming)
        {
            // The latest decision wins, whatever order the events arrive in.
            if (!merged.TryGetValue(channel, out var existing) || consent.At > existing.At)
            {
                merged[channel] = consent;
            }
        }
        return merged;
    }

    static IReadOnlyDictionary<string, string> WithExternalId(IReadOnlyDictionary<string, string> current, CustomerRecord record)
    {
        if (string.IsNullOrWhiteSpace(record.ExternalId) || (current.TryGetValue(record.Source, out var id) && id == record.ExternalId))
        {
            return current;
        }
        return new Dictionary<string, string>(current) { [record.Source] = record.ExternalId.Trim() };
    }
}
