using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Web;
using Hub.Customers;
using Hub.Shops.Sync;
using Hub.Webhooks;

namespace Hub.Shops.RetailCrm;

/// <summary>
/// RetailCRM has no API webhooks; an admin makes a trigger (Administration → Communications → Triggers) whose action
/// sends an HTTP request to <c>POST /api/webhooks/retailcrm/{shopId}/{token}</c>, the token being the shop's webhook
/// secret (<c>Shops__{id}__WebhookSecret</c>). Nothing is signed, so a call is only a hint: the entity it names is read
/// again from the API (<see cref="ShopChange.Refetch"/>). The body the trigger sends, JSON or form-encoded:
/// <code>
/// {"entity": "customer", "id": "{{ customer.id }}"}
/// {"entity": "order", "id": "{{ order.id }}"}
/// {"entity": "cart", "id": "{{ customer.id }}"}
/// entity=order&amp;id={{ order.id }}
/// </code>
/// (❓ the trigger's HTTP action and its template language are not documented in our sources.) Any further field
/// (a time, a status) is allowed and makes the delivery id differ, see <see cref="Describe"/>.
/// </summary>
internal sealed partial class RetailCrmWebhooks : IWebhookSource
{
    public const string Customer = "customer";
    public const string Order = "order";
    public const string Cart = "cart";
    const string Topic = "retailcrm trigger";

    static readonly Dictionary<string, SyncResource> Entities = new(StringComparer.OrdinalIgnoreCase)
    {
        [Customer] = SyncResource.Customers,
        [Order] = SyncResource.Orders,
        [Cart] = SyncResource.Carts,
    };

    [GeneratedRegex(@"^\d{1,19}$")]
    private static partial Regex EntityId();

    public string Platform => Platforms.RetailCrm;

    public string SignatureHeader => "URL token (/api/webhooks/retailcrm/{shopId}/{token})";

    public bool IsPing(WebhookRequest request) => false;

    /// <summary>The URL token against every secret, in constant time (both sides hashed first, so lengths tell nothing).</summary>
    public SignatureCheck Verify(WebhookRequest request, IReadOnlyList<string> secrets) => UrlToken.Check(request, secrets);

    /// <summary>
    /// RetailCRM sends no delivery id. Ours is <c>{entity}:{id}:{hash}</c>, the hash being the first 16 hex digits of the
    /// SHA-256 of the raw body: a repeat of the same call the same day is a duplicate (receipts are kept per day), while a
    /// call with anything different in its body — a time or a status the admin adds to the template — is a new delivery.
    /// With the bare two-field body, one hint per entity per day gets through; the scheduled pull catches the rest.
    /// </summary>
    public DeliveryInfo Describe(WebhookRequest request)
    {
        var (entity, id) = Read(request.Body);
        var hash = Convert.ToHexStringLower(SHA256.HashData(request.Body.Span))[..16];
        return new DeliveryInfo($"{entity}:{id}:{hash}", entity, null);
    }

    public IReadOnlyList<ShopChange> Map(string topic, ReadOnlyMemory<byte> body)
    {
        var (entity, id) = Read(body);
        return [new ShopChange.Refetch(Entities[entity], id)];
    }

    static (string Entity, string Id) Read(ReadOnlyMemory<byte> body)
    {
        var text = Encoding.UTF8.GetString(body.Span).Trim();
        string? entity;
        string? id;
        if (text.StartsWith('{'))
        {
            using var document = PayloadObject.Parse(Topic, body);
            var root = PayloadObject.Root(document, Topic);
            entity = root.Text("entity");
            id = root.OptionalId("id");
        }
        else
        {
            var form = HttpUtility.ParseQueryString(text);
            entity = form["entity"]?.Trim();
            id = form["id"]?.Trim();
        }
        if (string.IsNullOrEmpty(entity))
        {
            throw new WebhookFormatException($"{Topic}: field 'entity' is missing (send JSON {{\"entity\":\"customer\",\"id\":\"…\"}} or the form entity=…&id=…)");
        }
        if (!Entities.ContainsKey(entity))
        {
            throw new WebhookFormatException($"{Topic}: field 'entity' must be one of {string.Join(", ", Entities.Keys)}");
        }
        if (string.IsNullOrEmpty(id))
        {
            throw new WebhookFormatException($"{Topic}: field 'id' is missing");
        }
        if (!EntityId().IsMatch(id))
        {
            // Most often the template was not filled in ("{{ customer.id }}" arrives as written).
            throw new WebhookFormatException($"{Topic}: field 'id' must be a RetailCRM id (digits only)");
        }
        return (entity.ToLowerInvariant(), id);
    }
}
