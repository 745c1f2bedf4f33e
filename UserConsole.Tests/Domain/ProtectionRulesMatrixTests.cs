using Microsoft.EntityFrameworkCore;
using UserConsole.Domain;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Roles;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain;

/// <summary>The protection rules matrix: every administration operation against an actor with and without the
/// permission, the first admin, oneself, an escalation, a stale token and invalid input. Every refusal must leave
/// the database byte-for-byte unchanged apart from exactly one audit entry recording the refusal and its code.</summary>
public sealed class ProtectionRulesMatrixTests
{
    private delegate Task<DomainError?> Act(AdminWorld w);

    private static readonly Dictionary<string, (Act Act, string? Code)> Cases = new()
    {
        // Create user
        ["CreateUser_WithPermission"] = (w => Err(w.Users.CreateAsync(As(w.Manager), w.NewOperator())), null),
        ["CreateUser_WithoutPermission"] = (w => Err(w.Users.CreateAsync(As(w.Support), w.NewOperator())), "permission.denied"),
        ["CreateUser_InvalidInput"] = (w => Err(w.Users.CreateAsync(As(w.Manager), With(w.NewOperator(), u => u.UserName = "a"))), Validation.Code),
        ["CreateUser_EscalatingRole"] = (w => Err(w.Users.CreateAsync(As(w.Manager), With(w.NewOperator(), u => u.RoleId = w.AdministratorRole.Id))), "escalation.role"),
        ["CreateUser_EscalatingScope"] = (w => Err(w.Users.CreateAsync(As(w.Manager), With(w.NewOperator(), u => u.ProductionServerIds = [w.Server3.Id]))), "escalation.scope"),
        ["CreateUser_AllScopeByScopedActor"] = (w => Err(w.Users.CreateAsync(As(w.Manager), With(w.NewOperator(), u => u.StorageServerIds = []))), "escalation.scope"),
        ["CreateUser_TakenUserNameOtherCase"] = (w => Err(w.Users.CreateAsync(As(w.Admin), With(w.NewOperator("OP-Narrow"), u => u.Email = "x@example.test"))), "user.username_taken"),
        ["CreateUser_TakenEmailOtherCase"] = (w => Err(w.Users.CreateAsync(As(w.Admin), With(w.NewOperator("bob"), u => u.Email = "VIEWER@Example.Test"))), "user.email_taken"),
        ["CreateUser_MissingServer"] = (w => Err(w.Users.CreateAsync(As(w.Admin), With(w.NewOperator(), u => u.ProductionServerIds = [987654]))), "user.scope_not_found"),
        ["CreateUser_AdministrationRoleWithFreshProof"] = (w => Err(w.Users.CreateAsync(Proven(w, w.Manager), With(w.NewOperator(), u => u.RoleId = w.ManagerRole.Id))), null),
        ["CreateUser_AdministrationRoleWithoutFreshProof"] = (w => Err(w.Users.CreateAsync(As(w.Manager), With(w.NewOperator(), u => u.RoleId = w.ManagerRole.Id))), "reauth.required"),
        ["CreateUser_MissingRole"] = (w => Err(w.Users.CreateAsync(As(w.Admin), With(w.NewOperator(), u => u.RoleId = Guid.NewGuid()))), "role.not_found"),

        // Update user
        ["UpdateUser_WithPermission"] = (async w => await Err(w.Users.UpdateAsync(As(w.Manager), With(await w.EditOfAsync(w.OperatorNarrow), u => u.FullName = "Olga Operator"))), null),
        ["UpdateUser_WithoutPermission"] = (async w => await Err(w.Users.UpdateAsync(As(w.Viewer), With(await w.EditOfAsync(w.OperatorNarrow), u => u.FullName = "X"))), "permission.denied"),
        ["UpdateUser_FirstAdminRole"] = (async w => await Err(w.Users.UpdateAsync(As(w.Admin2), With(await w.EditOfAsync(w.Admin), u => u.RoleId = w.ManagerRole.Id))), "first_admin.role"),
        ["UpdateUser_FirstAdminScope"] = (async w => await Err(w.Users.UpdateAsync(As(w.Admin2), With(await w.EditOfAsync(w.Admin), u => u.ProductionServerIds = [w.Server1.Id]))), "first_admin.scope"),
        ["UpdateUser_FirstAdminUserNameByAnotherAdministrator"] = (async w => await Err(w.Users.UpdateAsync(As(w.Admin2), With(await w.EditOfAsync(w.Admin), u => u.UserName = "root"))), "first_admin.rename"),
        ["UpdateUser_FirstAdminEmailByAnotherAdministrator"] = (async w => await Err(w.Users.UpdateAsync(As(w.Admin2), With(await w.EditOfAsync(w.Admin), u => u.Email = "attacker@example.test"))), "first_admin.rename"),
        ["UpdateUser_FirstAdminFullNameByAnotherAdministrator"] = (async w => await Err(w.Users.UpdateAsync(As(w.Admin2), With(await w.EditOfAsync(w.Admin), u => u.FullName = "The Admin"))), null),
        ["UpdateUser_FirstAdminRenamesThemself"] = (async w => await Err(w.Users.UpdateAsync(As(w.Admin), With(await w.EditOfAsync(w.Admin), u => u.Email = "root@example.test"))), null),
        ["UpdateUser_OwnRole"] = (async w => await Err(w.Users.UpdateAsync(As(w.Admin2), With(await w.EditOfAsync(w.Admin2), u => u.RoleId = w.ManagerRole.Id))), "self.role"),
        ["UpdateUser_OwnScope"] = (async w => await Err(w.Users.UpdateAsync(As(w.Admin2), With(await w.EditOfAsync(w.Admin2), u => u.StorageServerIds = [w.Storage1.Id]))), "self.scope"),
        ["UpdateUser_StrongerTarget"] = (async w => await Err(w.Users.UpdateAsync(As(w.Manager), With(await w.EditOfAsync(w.OperatorWide), u => u.FullName = "X"))), "escalation.target"),
        ["UpdateUser_EscalatingRole"] = (async w => await Err(w.Users.UpdateAsync(As(w.Manager), With(await w.EditOfAsync(w.OperatorNarrow), u => u.RoleId = w.ServerAdminRole.Id))), "escalation.role"),
        ["UpdateUser_EscalatingScope"] = (async w => await Err(w.Users.UpdateAsync(As(w.Manager), With(await w.EditOfAsync(w.OperatorNarrow), u => u.ProductionServerIds = [w.Server3.Id]))), "escalation.scope"),
        ["UpdateUser_AssigningAdministrationRoleWithFreshProof"] = (async w => await Err(w.Users.UpdateAsync(Proven(w, w.Manager), With(await w.EditOfAsync(w.OperatorNarrow), u => u.RoleId = w.ManagerRole.Id))), null),
        ["UpdateUser_AssigningAdministrationRoleWithoutFreshProof"] = (async w => await Err(w.Users.UpdateAsync(As(w.Manager), With(await w.EditOfAsync(w.OperatorNarrow), u => u.RoleId = w.ManagerRole.Id))), "reauth.required"),
        ["UpdateUser_StaleToken"] = (async w => await Err(w.Users.UpdateAsync(As(w.Manager), With(await w.EditOfAsync(w.OperatorNarrow), u => u.ConcurrencyStamp = "stale"))), "concurrency.stale"),
        ["UpdateUser_InvalidInput"] = (async w => await Err(w.Users.UpdateAsync(As(w.Manager), With(await w.EditOfAsync(w.OperatorNarrow), u => u.Email = "not-an-email"))), Validation.Code),

        // Disable user
        ["DisableUser_WithPermission"] = (async w => await Err(w.Users.DisableAsync(Proven(w, w.Support), w.OperatorWide.Id, await w.StampOfAsync(w.OperatorWide))), null),
        ["DisableUser_WithoutFreshProof"] = (async w => await Err(w.Users.DisableAsync(As(w.Support), w.OperatorWide.Id, await w.StampOfAsync(w.OperatorWide))), "reauth.required"),
        ["DisableUser_WithoutPermission"] = (async w => await Err(w.Users.DisableAsync(As(w.Viewer), w.OperatorWide.Id, await w.StampOfAsync(w.OperatorWide))), "permission.denied"),
        ["DisableUser_FirstAdmin"] = (async w => await Err(w.Users.DisableAsync(As(w.Admin2), w.Admin.Id, await w.StampOfAsync(w.Admin))), "first_admin.disable"),
        ["DisableUser_Self"] = (async w => await Err(w.Users.DisableAsync(As(w.Support), w.Support.Id, await w.StampOfAsync(w.Support))), "self.disable"),
        ["DisableUser_StrongerTarget"] = (async w => await Err(w.Users.DisableAsync(As(w.Support), w.Manager.Id, await w.StampOfAsync(w.Manager))), "escalation.target"),
        ["DisableUser_StaleToken"] = (w => Err(w.Users.DisableAsync(As(w.Support), w.OperatorWide.Id, "stale")), "concurrency.stale"),
        ["DisableUser_UnknownUser"] = (w => Err(w.Users.DisableAsync(As(w.Support), Guid.NewGuid(), "x")), "user.not_found"),

        // Enable user
        ["EnableUser_WithPermission"] = (async w => await Err(w.Users.EnableAsync(As(w.Support), w.OperatorWide.Id, await w.StampOfAsync(w.OperatorWide))), null),
        ["EnableUser_WithoutPermission"] = (async w => await Err(w.Users.EnableAsync(As(w.Viewer), w.OperatorWide.Id, await w.StampOfAsync(w.OperatorWide))), "permission.denied"),
        ["EnableUser_StrongerTarget"] = (async w => await Err(w.Users.EnableAsync(As(w.Support), w.Admin2.Id, await w.StampOfAsync(w.Admin2))), "escalation.target"),
        ["EnableUser_StaleToken"] = (w => Err(w.Users.EnableAsync(As(w.Support), w.OperatorWide.Id, "stale")), "concurrency.stale"),

        // Reset password
        ["ResetPassword_WithPermission"] = (async w => await Err(w.Users.ResetPasswordAsync(Proven(w, w.Support), w.OperatorWide.Id, await w.StampOfAsync(w.OperatorWide))), null),
        ["ResetPassword_WithoutFreshProof"] = (async w => await Err(w.Users.ResetPasswordAsync(As(w.Support), w.OperatorWide.Id, await w.StampOfAsync(w.OperatorWide))), "reauth.required"),
        ["ResetPassword_WithoutPermission"] = (async w => await Err(w.Users.ResetPasswordAsync(As(w.Viewer), w.OperatorWide.Id, await w.StampOfAsync(w.OperatorWide))), "permission.denied"),
        ["ResetPassword_FirstAdminByWeakerActor"] = (async w => await Err(w.Users.ResetPasswordAsync(As(w.Support), w.Admin.Id, await w.StampOfAsync(w.Admin))), "escalation.target"),
        ["ResetPassword_FirstAdminByAnotherAdministrator"] = (async w => await Err(w.Users.ResetPasswordAsync(As(w.Admin2), w.Admin.Id, await w.StampOfAsync(w.Admin))), "first_admin.reset_password"),
        ["ResetPassword_Self"] = (async w => await Err(w.Users.ResetPasswordAsync(As(w.Support), w.Support.Id, await w.StampOfAsync(w.Support))), "self.reset_password"),
        ["ResetPassword_StrongerTarget"] = (async w => await Err(w.Users.ResetPasswordAsync(As(w.Manager), w.OperatorWide.Id, await w.StampOfAsync(w.OperatorWide))), "escalation.target"),
        ["ResetPassword_StaleToken"] = (w => Err(w.Users.ResetPasswordAsync(As(w.Support), w.OperatorWide.Id, "stale")), "concurrency.stale"),

        // Disable 2FA (the Edit page's action; the same operation serves the profile with a password)
        ["DisableTwoFactor_WithPermission"] = (w => Err(w.TwoFactor.DisableAsync(Proven(w, w.Support), w.OperatorWide.Id, null)), null),
        ["DisableTwoFactor_WithoutFreshProof"] = (w => Err(w.TwoFactor.DisableAsync(As(w.Support), w.OperatorWide.Id, null)), "reauth.required"),
        ["DisableTwoFactor_WithoutPermission"] = (w => Err(w.TwoFactor.DisableAsync(As(w.Viewer), w.OperatorWide.Id, null)), "permission.denied"),
        ["DisableTwoFactor_StrongerTarget"] = (w => Err(w.TwoFactor.DisableAsync(As(w.Support), w.Admin2.Id, null)), "escalation.target"),
        ["DisableTwoFactor_FirstAdminByAnotherAdministrator"] = (w => Err(w.TwoFactor.DisableAsync(As(w.Admin2), w.Admin.Id, null)), "first_admin.disable_2fa"),
        ["DisableTwoFactor_AlreadyOff"] = (w => Err(w.TwoFactor.DisableAsync(As(w.Support), w.OperatorNarrow.Id, null)), "user.2fa_off"),
        ["DisableTwoFactor_SelfWithoutPassword"] = (w => Err(w.TwoFactor.DisableAsync(As(w.Admin2), w.Admin2.Id, null)), "password.current_required"),
        // A wrong current password also counts toward the lockout (not "nothing changed"): WrongPasswordLockoutTests.
        ["DisableTwoFactor_UnknownUser"] = (w => Err(w.TwoFactor.DisableAsync(As(w.Support), Guid.NewGuid(), null)), "user.not_found"),

        // Delete user
        ["DeleteUser_WithPermission"] = (async w => await Err(w.Users.DeleteAsync(Proven(w, w.Manager), w.OperatorNarrow.Id, await w.StampOfAsync(w.OperatorNarrow))), null),
        ["DeleteUser_WithoutFreshProof"] = (async w => await Err(w.Users.DeleteAsync(As(w.Manager), w.OperatorNarrow.Id, await w.StampOfAsync(w.OperatorNarrow))), "reauth.required"),
        ["DeleteUser_WithoutPermission"] = (async w => await Err(w.Users.DeleteAsync(As(w.Support), w.OperatorNarrow.Id, await w.StampOfAsync(w.OperatorNarrow))), "permission.denied"),
        ["DeleteUser_FirstAdmin"] = (async w => await Err(w.Users.DeleteAsync(As(w.Admin2), w.Admin.Id, await w.StampOfAsync(w.Admin))), "first_admin.delete"),
        ["DeleteUser_Self"] = (async w => await Err(w.Users.DeleteAsync(As(w.Manager), w.Manager.Id, await w.StampOfAsync(w.Manager))), "self.delete"),
        ["DeleteUser_StrongerTarget"] = (async w => await Err(w.Users.DeleteAsync(As(w.Manager), w.OperatorWide.Id, await w.StampOfAsync(w.OperatorWide))), "escalation.target"),
        ["DeleteUser_StaleToken"] = (w => Err(w.Users.DeleteAsync(As(w.Manager), w.OperatorNarrow.Id, "stale")), "concurrency.stale"),

        // Create role
        ["CreateRole_WithPermission"] = (w => Err(w.Roles.CreateAsync(As(w.Manager), Role("Night shift", Permissions.RunSchedule))), null),
        ["CreateRole_WithoutPermission"] = (w => Err(w.Roles.CreateAsync(As(w.Support), Role("Night shift", Permissions.RunSchedule))), "permission.denied"),
        ["CreateRole_EscalatingPermission"] = (w => Err(w.Roles.CreateAsync(As(w.Manager), Role("Night shift", Permissions.RestoreDisasterRecovery))), "escalation.permission"),
        ["CreateRole_InvalidInput"] = (w => Err(w.Roles.CreateAsync(As(w.Manager), Role("X", Permissions.RunSchedule))), Validation.Code),
        ["CreateRole_UnknownPermission"] = (w => Err(w.Roles.CreateAsync(As(w.Admin), Role("Night shift", "launch_missiles"))), Validation.Code),
        ["CreateRole_TakenNameOtherCase"] = (w => Err(w.Roles.CreateAsync(As(w.Manager), Role("operator", Permissions.RunSchedule))), "role.name_taken"),

        // Update role
        ["UpdateRole_WithPermission"] = (async w => await Err(w.Roles.UpdateAsync(As(w.Manager), await RoleEditAsync(w, w.OperatorRole, Permissions.StopSchedule))), null),
        ["UpdateRole_WithoutPermission"] = (async w => await Err(w.Roles.UpdateAsync(As(w.Support), await RoleEditAsync(w, w.OperatorRole, Permissions.StopSchedule))), "permission.denied"),
        ["UpdateRole_FirstAdminRole"] = (async w => await Err(w.Roles.UpdateAsync(As(w.Admin), await RoleEditAsync(w, w.AdministratorRole, remove: Permissions.DeleteUsers))), "first_admin_role.change"),
        ["UpdateRole_AddingPermissionActorLacks"] = (async w => await Err(w.Roles.UpdateAsync(As(w.Manager), await RoleEditAsync(w, w.OperatorRole, Permissions.RestoreFiles))), "escalation.permission"),
        ["UpdateRole_RemovingPermissionActorLacks"] = (async w => await Err(w.Roles.UpdateAsync(As(w.Manager), await RoleEditAsync(w, w.ServerAdminRole, remove: Permissions.DeleteServers))), "escalation.permission"),
        ["UpdateRole_GrantingUserAdministrationWithFreshProof"] = (async w => await Err(w.Roles.UpdateAsync(Proven(w, w.Manager), await RoleEditAsync(w, w.OperatorRole, Permissions.EditUsers))), null),
        ["UpdateRole_GrantingUserAdministrationWithoutFreshProof"] = (async w => await Err(w.Roles.UpdateAsync(As(w.Manager), await RoleEditAsync(w, w.OperatorRole, Permissions.EditUsers))), "reauth.required"),
        ["UpdateRole_GrantingRoleAdministrationWithoutFreshProof"] = (async w => await Err(w.Roles.UpdateAsync(As(w.Manager), await RoleEditAsync(w, w.OperatorRole, Permissions.DeleteUserRoles))), "reauth.required"),
        ["UpdateRole_StaleToken"] = (async w => await Err(w.Roles.UpdateAsync(As(w.Manager), With(await RoleEditAsync(w, w.OperatorRole, Permissions.StopSchedule), r => r.ConcurrencyStamp = "stale"))), "concurrency.stale"),
        ["UpdateRole_InvalidInput"] = (async w => await Err(w.Roles.UpdateAsync(As(w.Manager), With(await RoleEditAsync(w, w.OperatorRole), r => r.Description = new string('d', 501)))), Validation.Code),

        // Delete role
        ["DeleteRole_WithPermission"] = (async w => await Err(w.Roles.DeleteAsync(As(w.Manager), w.UnusedRole.Id, await RoleStampAsync(w, w.UnusedRole))), null),
        ["DeleteRole_WithoutPermission"] = (async w => await Err(w.Roles.DeleteAsync(As(w.Support), w.UnusedRole.Id, await RoleStampAsync(w, w.UnusedRole))), "permission.denied"),
        ["DeleteRole_FirstAdminRole"] = (async w => await Err(w.Roles.DeleteAsync(As(w.Admin), w.AdministratorRole.Id, await RoleStampAsync(w, w.AdministratorRole))), "first_admin_role.delete"),
        ["DeleteRole_InUse"] = (async w => await Err(w.Roles.DeleteAsync(As(w.Manager), w.OperatorRole.Id, await RoleStampAsync(w, w.OperatorRole))), "role.in_use"),
        ["DeleteRole_StaleToken"] = (w => Err(w.Roles.DeleteAsync(As(w.Manager), w.UnusedRole.Id, "stale")), "concurrency.stale"),
    };

    /// <summary>The cases whose actor first passes "Confirm it's you" (before the database is compared), and who.</summary>
    private static readonly Dictionary<string, Func<AdminWorld, UserConsole.Domain.Users.User>> ProvenFirst = new()
    {
        ["CreateUser_AdministrationRoleWithFreshProof"] = w => w.Manager,
        ["UpdateUser_AssigningAdministrationRoleWithFreshProof"] = w => w.Manager,
        ["DisableUser_WithPermission"] = w => w.Support,
        ["ResetPassword_WithPermission"] = w => w.Support,
        ["DisableTwoFactor_WithPermission"] = w => w.Support,
        ["DeleteUser_WithPermission"] = w => w.Manager,
        ["UpdateRole_GrantingUserAdministrationWithFreshProof"] = w => w.Manager,
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Operation_InEachSituation_HasTheExpectedOutcome(string name)
    {
        await using var world = await AdminWorld.CreateAsync();
        var (act, expectedCode) = Cases[name];
        if (ProvenFirst.TryGetValue(name, out var who))
        {
            await world.ProveAsync(who(world));
        }

        var before = await world.Context.SnapshotWithoutAuditAsync();
        var auditBefore = (await world.AuditAsync()).Count;

        var error = await act(world);

        var audit = await world.AuditAsync();
        audit.Count.ShouldBe(auditBefore + 1, "exactly one audit entry per operation");
        var entry = audit[^1];
        if (expectedCode is null)
        {
            error.ShouldBeNull();
            entry.Outcome.ShouldBe(AuditOutcome.Succeeded);
            entry.ErrorCode.ShouldBeNull();
            (await world.Context.SnapshotWithoutAuditAsync()).ShouldNotBe(before);
        }
        else
        {
            error.ShouldNotBeNull();
            error.Code.ShouldBe(expectedCode);
            error.Message.ShouldNotBeNullOrWhiteSpace();
            entry.Outcome.ShouldBe(AuditOutcome.Refused);
            entry.ErrorCode.ShouldBe(expectedCode);
            (await world.Context.SnapshotWithoutAuditAsync()).ShouldBe(before, "a refusal changes nothing but the audit trail");
        }
    }

    private static ActingUser As(UserConsole.Domain.Users.User user) => DomainTestContext.As(user);

    /// <summary>The user acting from the session in which they passed "Confirm it's you" before the case ran.</summary>
    private static ActingUser Proven(AdminWorld w, UserConsole.Domain.Users.User user) => w.Proven[user.Id];

    private static T With<T>(T input, Action<T> change)
    {
        change(input);
        return input;
    }

    private static RoleInput Role(string name, params string[] permissions) => new() { Name = name, Description = "A role", Permissions = [.. permissions] };

    private static async Task<DomainError?> Err(Task<Result> task) => (await task).Error;

    private static async Task<DomainError?> Err<T>(Task<Result<T>> task) => (await task).Error;

    private static async Task<string> RoleStampAsync(AdminWorld w, UserConsole.Domain.Roles.Role role)
    {
        await using var db = await w.Context.DbAsync();
        return await db.Roles.Where(r => r.Id == role.Id).Select(r => r.ConcurrencyStamp).SingleAsync();
    }

    private static async Task<UpdateRoleInput> RoleEditAsync(AdminWorld w, UserConsole.Domain.Roles.Role role, string? add = null, string? remove = null)
    {
        await using var db = await w.Context.DbAsync();
        var current = await db.Roles.AsNoTracking().Include(r => r.Permissions).SingleAsync(r => r.Id == role.Id);
        var keys = current.PermissionKeys.ToList();
        if (add is not null)
        {
            keys.Add(add);
        }

        if (remove is not null)
        {
            keys.Remove(remove);
        }

        return new UpdateRoleInput
        {
            RoleId = current.Id,
            ConcurrencyStamp = current.ConcurrencyStamp,
            Name = current.Name,
            Description = current.Description,
            Permissions = keys,
        };
    }
}
