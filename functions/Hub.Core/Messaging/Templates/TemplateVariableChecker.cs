using Fluid;
using Fluid.Ast;
using Hub.Segments;

namespace Hub.Messaging.Templates;

/// <summary>
/// Finds variables a template reads that the model does not have: an unknown top-level name (<c>custmer</c>) and,
/// where the type is known, an unknown member (<c>customer.frist_name</c>, <c>item.nme</c> inside
/// <c>{% for item in order.items %}</c>). Liquid renders both as empty text, so without this a typo is sent to
/// every customer. Names the template declares itself (<c>assign</c>, <c>capture</c>, loop variables,
/// <c>increment</c>) are known; members of values whose type cannot be told (an assigned filter result) are not checked.
/// </summary>
internal sealed class TemplateVariableChecker : AstVisitor
{
    /// <summary>Liquid's own objects inside loops.</summary>
    static readonly HashSet<string> LoopObjects = new(StringComparer.Ordinal) { "forloop", "tablerowloop" };
    static readonly Dictionary<Type, Dictionary<string, Type>> Members = TemplateModel.Types.ToDictionary(t => t, MembersOf);

    /// <summary>Names the template declares, with the type of their value when it is known.</summary>
    readonly Dictionary<string, Type?> locals = new(StringComparer.Ordinal);
    readonly List<(IReadOnlyList<string> Path, string Message)> problems = [];

    public static IReadOnlyList<(IReadOnlyList<string> Path, string Message)> Check(IFluidTemplate template)
    {
        var checker = new TemplateVariableChecker();
        var declarations = new Declarations();
        declarations.VisitTemplate(template);
        foreach (var name in declarations.Names)
        {
            checker.locals[name] = null;
        }
        checker.VisitTemplate(template);
        return checker.problems.DistinctBy(p => string.Join('.', p.Path)).ToArray();
    }

    protected override Statement VisitForStatement(ForStatement forStatement)
    {
        locals[forStatement.Identifier] = forStatement.Source is MemberExpression source && TypeOf(source) is { } list ? ElementOf(list) : null;
        return base.VisitForStatement(forStatement);
    }

    protected override Statement VisitTableRowStatement(TableRowStatement tableRowStatement)
    {
        locals[tableRowStatement.Identifier] = tableRowStatement.Source is MemberExpression source && TypeOf(source) is { } list ? ElementOf(list) : null;
        return base.VisitTableRowStatement(tableRowStatement);
    }

    protected override Statement VisitAssignStatement(AssignStatement assignStatement)
    {
        locals[assignStatement.Identifier] = assignStatement.Value is MemberExpression value ? TypeOf(value) : null;
        return base.VisitAssignStatement(assignStatement);
    }

    protected override Expression VisitMemberExpression(MemberExpression memberExpression)
    {
        TypeOf(memberExpression);
        return base.VisitMemberExpression(memberExpression);
    }

    /// <summary>The type the expression reads, or null when it cannot be told; records a problem for an unknown name.</summary>
    Type? TypeOf(MemberExpression expression)
    {
        if (expression.Segments is not [IdentifierSegment root, ..])
        {
            return null;
        }
        var path = new List<string> { root.Identifier };
        Type? current;
        if (locals.TryGetValue(root.Identifier, out var local))
        {
            current = local;
        }
        else if (Members[typeof(TemplateModel)].TryGetValue(root.Identifier, out var top))
        {
            current = top;
        }
        else if (LoopObjects.Contains(root.Identifier))
        {
            return null;
        }
        else
        {
            var known = Members[typeof(TemplateModel)].Keys.Concat(locals.Keys).ToArray();
            problems.Add((path, $"unknown variable '{root.Identifier}'{NameSuggestion.Hint(root.Identifier, known)}"));
            return null;
        }
        foreach (var segment in expression.Segments.Skip(1))
        {
            if (current is null)
            {
                return null;
            }
            var element = ElementOf(current);
            switch (segment)
            {
                case IdentifierSegment { Identifier: "size" }:
                    return typeof(int);
                case IdentifierSegment { Identifier: "first" or "last" } when element is not null:
                    current = element;
                    break;
                case IndexerSegment when element is not null:
                    current = element;
                    break;
                case IdentifierSegment member when Members.TryGetValue(current, out var members):
                    path.Add(member.Identifier);
                    if (!members.TryGetValue(member.Identifier, out current))
                    {
                        problems.Add((path, $"'{string.Join('.', path.SkipLast(1))}' has no '{member.Identifier}'{NameSuggestion.Hint(member.Identifier, members.Keys)}"));
                        return null;
                    }
                    break;
                default:
                    return null;
            }
        }
        return current;
    }

    static Type? ElementOf(Type type) => type != typeof(string)
        ? type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0]
        : null;

    static Dictionary<string, Type> MembersOf(Type type) => type.GetProperties()
        .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
        .ToDictionary(p => MemberNameStrategies.SnakeCase(p), p => Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType, StringComparer.Ordinal);

    /// <summary>Every name a template declares anywhere, so a use before the declaration in the text is not flagged.</summary>
    sealed class Declarations : AstVisitor
    {
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        protected override Statement VisitAssignStatement(AssignStatement assignStatement) => Add(assignStatement.Identifier, base.VisitAssignStatement(assignStatement));
        protected override Statement VisitCaptureStatement(CaptureStatement captureStatement) => Add(captureStatement.Identifier, base.VisitCaptureStatement(captureStatement));
        protected override Statement VisitForStatement(ForStatement forStatement) => Add(forStatement.Identifier, base.VisitForStatement(forStatement));
        protected override Statement VisitTableRowStatement(TableRowStatement tableRowStatement) => Add(tableRowStatement.Identifier, base.VisitTableRowStatement(tableRowStatement));
        protected override Statement VisitIncrementStatement(IncrementStatement incrementStatement) => Add(incrementStatement.Identifier, base.VisitIncrementStatement(incrementStatement));
        protected override Statement VisitDecrementStatement(DecrementStatement decrementStatement) => Add(decrementStatement.Identifier, base.VisitDecrementStatement(decrementStatement));

        Statement Add(string name, Statement visited)
        {
            Names.Add(name);
            return visited;
        }
    }
}
