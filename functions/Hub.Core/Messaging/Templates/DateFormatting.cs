using Fluid;
using Fluid.Values;

namespace Hub.Messaging.Templates;

/// <summary>
/// The <c>format_date</c> filter: a date in a .NET pattern and the rendering's culture, in the shop's time zone.
/// Liquid's <c>date</c> (strftime) prints <c>%B</c> in the nominative (<c>1 март</c>); .NET declines a month that
/// follows a day number (<c>d MMMM</c> → <c>1 марта</c>), which is how Russian writes dates. Without an argument
/// the pattern is <c>d MMMM yyyy</c>. An input that is not a date renders empty; a broken pattern throws, so
/// validation, which renders every text on a sample, reports it.
/// </summary>
internal static class DateFormatting
{
    public const string DefaultPattern = "d MMMM yyyy";

    public static ValueTask<FluidValue> FormatDate(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        if (input.IsNil() || !input.TryGetDateTimeInput(context, out var date))
        {
            return NilValue.Instance;
        }
        var pattern = arguments.Count > 0 && arguments.At(0).ToStringValue() is { Length: > 0 } given ? given : DefaultPattern;
        var local = TimeZoneInfo.ConvertTime(date, context.TimeZone);
        try
        {
            return new StringValue(local.ToString(pattern, context.CultureInfo));
        }
        catch (FormatException e)
        {
            throw new FormatException($"format_date: '{pattern}' is not a date pattern (try \"d MMMM yyyy\" or \"dd.MM.yyyy HH:mm\")", e);
        }
    }
}
