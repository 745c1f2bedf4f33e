using UserConsole.App.Components.Shared;
using UserConsole.Domain;
using UserConsole.Domain.Roles;

namespace UserConsole.Tests.Components.Shared;

public sealed class FormFeedbackTests
{
    private static readonly DomainError NameTaken = new("role.name_taken", "A role named 'Ops' already exists.", "Name");

    [Fact]
    public void Accept_WhenTheFormShowsTheNamedField_PutsTheMessageAtThatField()
    {
        var feedback = new FormFeedback("Name", "Description");

        feedback.Accept(NameTaken).ShouldBeFalse();

        feedback.Fields.ShouldBe(new Dictionary<string, string> { ["Name"] = NameTaken.Message });
        (feedback.General, feedback.IsStale).ShouldBe((null, false));
    }

    [Fact]
    public void Accept_WhenTheFormDoesNotShowTheNamedField_MakesItTheGeneralMessage()
    {
        var feedback = new FormFeedback("Description");

        feedback.Accept(NameTaken).ShouldBeFalse();

        feedback.Fields.ShouldBeEmpty();
        (feedback.General, feedback.IsStale).ShouldBe((NameTaken.Message, false));
    }

    [Fact]
    public void Accept_WhenTheEditWasStale_SaysSoAsTheGeneralMessage()
    {
        var feedback = FormFeedback.For<RoleInput>();

        feedback.Accept(new DomainError(FormFeedback.StaleCode, "This role was changed by someone else.")).ShouldBeFalse();

        (feedback.General, feedback.IsStale).ShouldBe(("This role was changed by someone else.", true));
    }

    [Fact]
    public void Accept_WhenTheOperationSucceeded_ClearsWhatWasShown()
    {
        var feedback = new FormFeedback("Name");
        feedback.Accept(NameTaken);
        var shownFields = feedback.Fields;

        feedback.Accept(null).ShouldBeTrue();

        feedback.Fields.ShouldBeEmpty();
        feedback.Fields.ShouldNotBeSameAs(shownFields, "the field validator notices a new set of server errors by reference");
        (feedback.General, feedback.IsStale).ShouldBe((null, false));
    }
}
