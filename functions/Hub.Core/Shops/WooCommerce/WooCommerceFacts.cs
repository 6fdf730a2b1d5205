namespace Hub.Shops.WooCommerce;

/// <summary>
/// What the WooCommerce pull relies on about the REST v3 API (shared/specs/shop-platforms.md §3). Each fact the spec
/// or our reading of the source leaves unconfirmed is one constant here, so a correction is one edit.
/// </summary>
internal static class WooCommerceFacts
{
    /// <summary>The REST namespace under the site's address ✅ [W6].</summary>
    public const string ApiRoot = "/wp-json/wc/v3";

    /// <summary>The largest <c>per_page</c> a collection accepts ✅ [W3] (<c>maximum: 100</c> in the collection params).</summary>
    public const int MaxPageSize = 100;

    /// <summary>
    /// ⚠️ The spec marks the pagination headers as the WordPress convention, not checked in WC. Read since in
    /// <c>WC_REST_CRUD_Controller::get_items</c> and <c>WC_REST_Customers_V1_Controller::get_items</c>
    /// (woocommerce@0059466, @0d1a42b), both of which set it; used for progress only, never for paging.
    /// </summary>
    public const string TotalHeader = "X-WP-Total";

    /// <summary>
    /// ⚠️ How <c>modified_after</c>/<c>modified_before</c> are written: GMT wall time WITHOUT an offset, with
    /// <c>dates_are_gmt=true</c>. WordPress' <c>WP_Date_Query::build_mysql_datetime</c> turns a time that carries an
    /// offset (<c>…Z</c>) into the site's local time and then compares it with the <c>_gmt</c> column, which would
    /// shift the window by the site's UTC offset. Checked for the posts store; not checked for HPOS order tables.
    /// </summary>
    public const string QueryTimeFormat = "yyyy-MM-dd'T'HH:mm:ss";

    /// <summary>
    /// <c>date_modified_gmt</c> has whole seconds (MySQL DATETIME) ✅. ⚠️ Whether <c>modified_after</c> is exclusive
    /// (WP_Date_Query's <c>after</c> is <c>&gt;</c> unless inclusive) does not matter: the cursor asks from one tick
    /// of this size before its boundary and drops what it has already read.
    /// </summary>
    public static readonly TimeSpan TimePrecision = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Which customers the scan lists. The API's default is <c>customer</c> ✅ [W4]; <c>all</c> also lists people
    /// registered with other roles (WordPress <c>subscriber</c>, plugin roles such as wholesale buyers), who buy
    /// and subscribe too. It lists staff accounts as well (administrators, shop managers). A choice, not a fact.
    /// </summary>
    public const string CustomerRole = "all";

    /// <summary>
    /// ⚠️ WordPress' error code for a path no route serves (WooCommerce not active, a wrong API URL). Any other
    /// 404 with an error code (<c>woocommerce_rest_shop_order_invalid_id</c>, <c>wc_user_invalid_id</c>) means the
    /// entity is gone.
    /// </summary>
    public const string NoRouteCode = "rest_no_route";

    // ❓ Not mapped because core has no such field: marketing consent, birthday and gender (plugins keep them in
    // meta_data, each its own way), abandoned carts (plugins only), and brand/category on order line items (they live
    // on /products/{id}; the v3 product_brands controller exists only in recent versions).
}
