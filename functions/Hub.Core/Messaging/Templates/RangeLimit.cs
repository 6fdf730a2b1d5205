using Fluid;
using Fluid.Ast;

namespace Hub.Messaging.Templates;

/// <summary>
/// Fluid builds a range's every number before a loop starts, and stops a long loop only after its steps run out:
/// <c>(1..100000000)</c> takes a worker a minute and gigabytes. A message has no use for such loops, so a range must
/// have number bounds and at most <see cref="MaxItems"/> items; checked before a template is saved.
/// </summary>
internal sealed class RangeLimit : AstVisitor
{
    public const int MaxItems = 1_000;

    readonly List<string> problems = [];

    public static IReadOnlyList<string> Check(IFluidTemplate template)
    {
        var limit = new RangeLimit();
        limit.VisitTemplate(template);
        return limit.problems.Distinct().ToArray();
    }

    protected override Expression VisitRangeExpression(RangeExpression rangeExpression)
    {
        if (rangeExpression is not { From: LiteralExpression from, To: LiteralExpression to })
        {
            problems.Add("a range needs number bounds, like (1..5): a variable bound could make a loop of any length");
        }
        else if (to.Value.ToNumberValue() - from.Value.ToNumberValue() + 1 > MaxItems)
        {
            problems.Add($"the range ({from.Value.ToNumberValue()}..{to.Value.ToNumberValue()}) has more than {MaxItems} items");
        }
        return base.VisitRangeExpression(rangeExpression);
    }
}
