import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type Role = 'member' | 'moderator' | 'admin';
export type MemberStatus = 'active' | 'suspended' | 'banned';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  username!: string;

  @Column({ type: 'text', select: false })
  passwordHash!: string;

  @Column({ type: 'varchar' })
  role!: Role;

  @Column({ type: 'varchar' })
  status!: MemberStatus;

  @Column({ type: 'timestamptz', nullable: true })
  suspendedUntil!: Date | null;

  @Column({ type: 'text', nullable: true })
  suspensionReason!: string | null;

  /** The language the member chose for the forum's pages, notifications and e-mails; null: their browser's. */
  @Column({ type: 'varchar', nullable: true })
  language!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
