using Fluid;
using Fluid.Values;

namespace Hub.Messaging.Templates;

/// <summary>
/// The <c>plural</c> filter: a number with the Russian word form it takes —
/// <c>{{ segment.in_days | plural: "день", "дня", "дней" }}</c> → <c>1 день</c>, <c>3 дня</c>, <c>7 дней</c>, <c>21 день</c>.
/// The forms are for one, a few (2–4) and many; a fraction takes the "few" form (<c>1,5 дня</c>).
/// </summary>
internal static class RussianPlural
{
    public static ValueTask<FluidValue> Plural(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        if (input.IsNil() || arguments.Count < 3)
        {
            return input;
        }
        var number = input.ToNumberValue();
        var form = Form(number) switch { 0 => arguments.At(0), 1 => arguments.At(1), _ => arguments.At(2) };
        return new StringValue($"{number.ToString(context.CultureInfo)} {form.ToStringValue()}");
    }

    /// <summary>0 for "one" (1, 21, 101), 1 for "few" (2–4, 22–24, fractions), 2 for "many" (0, 5–20, 25–30, 111).</summary>
    public static int Form(decimal number)
    {
        if (number != decimal.Truncate(number))
        {
            return 1;
        }
        var n = (long)Math.Abs(number);
        return (n % 10, n % 100) switch
        {
            (1, not 11) => 0,
            (>= 2 and <= 4, < 12 or > 14) => 1,
            _ => 2,
        };
    }
}
