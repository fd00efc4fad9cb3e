namespace MedicalInsurance.Infrastructure.Persistence;

/// <summary>The database was migrated by a build whose migrations this one no longer has (they were squashed).</summary>
public sealed class SchemaPredatesException(IReadOnlyList<string> unknown)
    : InvalidOperationException($"该数据库由早期版本创建（迁移 {string.Join(", ", unknown)} 已合并为初始迁移），须重建数据库后再迁移。")
{
    public IReadOnlyList<string> Unknown { get; } = unknown;
}
