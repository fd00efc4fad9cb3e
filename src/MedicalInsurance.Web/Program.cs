using MedicalInsurance.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddMedicalInsuranceLogging();
builder.AddMedicalInsuranceWeb();

var app = builder.Build();
app.UseMedicalInsuranceWeb();
app.Run();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
