namespace Hub.Segments;

/// <summary>The order custom segments are evaluated in: a segment's rule may ask whether the customer is in another.</summary>
public static class SegmentDependencies
{
    /// <summary>
    /// The definitions ordered so that each comes after the custom segments of this set it references (references to
    /// built-in segments, which are decided first, impose no order); otherwise in the given order. Throws
    /// <see cref="InvalidOperationException"/> naming the cycle when they depend on each other in one, which
    /// <see cref="SegmentDefinitionParser"/> never lets through.
    /// </summary>
    public static IReadOnlyList<SegmentDefinition> InDependencyOrder(IEnumerable<SegmentDefinition> definitions)
    {
        var byId = definitions.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var (order, cycles) = Sort([.. byId.Keys], id => byId[id].Rule.ReferencedSegments());
        if (cycles.Count > 0)
        {
            throw new InvalidOperationException("Custom segments depend on each other in a cycle: " + string.Join("; ", cycles.Select(Describe)));
        }
        return [.. order.Select(id => byId[id])];
    }

    /// <summary><c>a → b → a</c></summary>
    public static string Describe(IReadOnlyList<string> cycle) => string.Join(" → ", cycle);

    /// <summary>
    /// Depth-first: <paramref name="ids"/> with each after the ids of the set it depends on, and every cycle met on the
    /// way as the ids along it, the first repeated at the end (<c>[a, b, a]</c>; <c>[a, a]</c> for a rule naming itself).
    /// </summary>
    internal static (IReadOnlyList<string> Order, IReadOnlyList<IReadOnlyList<string>> Cycles) Sort(
        IReadOnlyList<string> ids, Func<string, IEnumerable<string>> dependsOn)
    {
        var members = ids.ToHashSet(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        var order = new List<string>();
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string id)
        {
            path.Add(id);
            foreach (var next in dependsOn(id).Distinct().Where(members.Contains))
            {
                if (path.IndexOf(next) is var at and >= 0)
                {
                    cycles.Add([.. path[at..], next]);
                }
                else if (!done.Contains(next))
                {
                    Visit(next);
                }
            }
            path.RemoveAt(path.Count - 1);
            done.Add(id);
            order.Add(id);
        }

        foreach (var id in ids.Where(id => !done.Contains(id)))
        {
            Visit(id);
        }
        return (order, cycles);
    }
}
