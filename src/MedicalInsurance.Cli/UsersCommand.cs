using System.CommandLine;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Cli;

/// <summary>
/// <c>users add --role R --name N [--display D] [--scope CODE]</c> creates a user with a generated password, printed once
/// (the first administrator is made this way: there is no built-in password); <c>users demo</c> gives the demo users
/// fresh passwords and prints them; <c>users apikey</c> makes an API key.
/// </summary>
internal static class UsersCommand
{
    /// <summary>One user per role for the demo counties.</summary>
    public static readonly NewUser[] DemoUsers =
    [
        new("clerk.changan", "长安区经办员", Roles.Clerk, "130102"),
        new("clerk.daoli", "道里区经办员", Roles.Clerk, "230102"),
        new("supervisor.sjz", "石家庄市监督员", Roles.Supervisor, "130100"),
        new("supervisor.hebei", "河北省监督员", Roles.Supervisor, "130000"),
        new("admin.demo", "演示管理员", Roles.Administrator, null),
    ];

    public static Command Create(TextWriter output)
    {
        var role = new Option<string>("--role") { Description = "Clerk、Supervisor 或 Administrator", Required = true };
        var name = new Option<string>("--name") { Description = "用户名", Required = true };
        var display = new Option<string?>("--display") { Description = "姓名" };
        var scope = new Option<string?>("--scope") { Description = "辖区代码：经办员为县，监督员为县、市或省；管理员不填" };
        var add = new Command("add", "新增用户，生成初始密码并只显示这一次") { role, name, display, scope };
        add.SetAction(async (parse, ct) => await WithServices(async admin =>
        {
            var outcome = await admin.CreateAsync(new NewUser(parse.GetValue(name)!, parse.GetValue(display) ?? parse.GetValue(name)!, parse.GetValue(role)!, parse.GetValue(scope)), Actor.System, ct);
            return await Report(outcome, output);
        }));

        var demo = new Command("demo", "创建演示用户（已存在则重置密码）并显示用户名和密码");
        demo.SetAction(async (_, ct) => await WithServices(async admin =>
        {
            foreach (var user in DemoUsers)
            {
                var password = await admin.ResetPasswordAsync(user.UserName, Actor.System, ct);
                if (password is null)
                {
                    if (await admin.CreateAsync(user, Actor.System, ct) is not UserOutcome.Created created)
                    {
                        throw new CommandFailedException($"could not create demo user {user.UserName}", CliApplication.ExitFailure);
                    }

                    password = created.Password;
                }

                await output.WriteLineAsync($"  {Roles.Label(user.Role),-6} {user.UserName,-18} {password}   {user.DisplayName}");
            }

            return CliApplication.ExitOk;
        }));

        var keyName = new Option<string>("--name") { Description = "调用方系统名称", Required = true };
        var keyRole = new Option<string>("--role") { Description = "Clerk、Supervisor 或 Administrator", Required = true };
        var keyScope = new Option<string?>("--scope") { Description = "辖区代码" };
        var apikey = new Command("apikey", "为其他系统生成API密钥（只显示这一次）") { keyName, keyRole, keyScope };
        apikey.SetAction(async (parse, ct) => await WithServices(async admin =>
        {
            var key = await admin.CreateApiKeyAsync(parse.GetValue(keyName)!, parse.GetValue(keyRole)!, parse.GetValue(keyScope), Actor.System, ct);
            await output.WriteLineAsync(key);
            return CliApplication.ExitOk;
        }));

        return new Command("users", "用户和API密钥") { add, demo, apikey };
    }

    private static async Task<int> WithServices(Func<UserAdministration, Task<int>> action)
    {
        await using var services = CliApplication.Services();
        try
        {
            return await action(services.GetRequiredService<UserAdministration>());
        }
        catch (ArgumentException ex)
        {
            throw new CommandFailedException(ex.Message);
        }
    }

    private static async Task<int> Report(UserOutcome outcome, TextWriter output)
    {
        switch (outcome)
        {
            case UserOutcome.Created created:
                await output.WriteLineAsync($"{created.UserName} {created.Password}");
                return CliApplication.ExitOk;
            case UserOutcome.Invalid invalid:
                throw new CommandFailedException($"{invalid.Field}: {invalid.Message}");
            default:
                return CliApplication.ExitFailure;
        }
    }
}
