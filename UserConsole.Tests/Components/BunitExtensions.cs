using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace UserConsole.Tests.Components;

/// <summary>Finding things the way a person does: by their label.</summary>
public static class BunitExtensions
{
    /// <summary>The input (or textarea) whose &lt;label for&gt; reads <paramref name="label"/> (a trailing "*" of
    /// required fields ignored).</summary>
    public static IElement InputByLabel<T>(this IRenderedComponent<T> cut, string label)
        where T : IComponent
    {
        ArgumentNullException.ThrowIfNull(cut);
        var element = cut.FindAll("label")
            .Where(l => l.TextContent.Trim().TrimEnd('*').Trim() == label && l.HasAttribute("for"))
            .Select(l => cut.Find($"#{l.GetAttribute("for")}"))
            .FirstOrDefault();
        return element ?? throw new InvalidOperationException($"No input labelled '{label}' in:\n{cut.Markup}");
    }

    /// <summary>The helper or error text shown under the field labelled <paramref name="label"/>.</summary>
    public static string FieldMessage<T>(this IRenderedComponent<T> cut, string label)
        where T : IComponent
    {
        var input = cut.InputByLabel(label);
        var control = input.Closest(".mud-input-control") ?? throw new InvalidOperationException("Not a MudBlazor input.");
        return control.QuerySelector(".mud-input-helper-text")?.TextContent.Trim() ?? "";
    }

    /// <summary>All the text the component shows (decoded, without markup).</summary>
    public static string Text<T>(this IRenderedComponent<T> cut)
        where T : IComponent
    {
        ArgumentNullException.ThrowIfNull(cut);
        return string.Concat(cut.Nodes.Select(n => n.TextContent));
    }

    public static IElement ButtonByText<T>(this IRenderedComponent<T> cut, string text)
        where T : IComponent =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == text);
}
