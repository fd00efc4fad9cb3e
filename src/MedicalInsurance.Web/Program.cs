using MedicalInsurance.Web.Hosting;

var app = WebApplication.CreateBuilder(args).BuildMedicalInsurance();
app.Run();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
