-- payment_date_cheque_sums and subscription_money_sums are derived from cheques, credits and
-- subscription totals: these triggers keep them exact on every write, whatever code path (service,
-- import, CLI, test factory) writes the row.
CREATE TRIGGER `cheques_sums_insert` AFTER INSERT ON `cheques` BEGIN
  INSERT INTO `payment_date_cheque_sums` (`payment_date_id`, `status`, `n`, `cents`)
    VALUES (new.`payment_date_id`, new.`status`, 1, new.`amount_cents`)
    ON CONFLICT (`payment_date_id`, `status`) DO UPDATE SET `n` = `n` + 1, `cents` = `cents` + excluded.`cents`;
  INSERT INTO `subscription_money_sums` (`subscription_id`, `collected_cents`, `total_cents`, `credit_cents`)
    SELECT s.`id`, 0, s.`total_cents`, (SELECT coalesce(sum(`amount_cents`), 0) FROM `credits` WHERE `subscription_id` = s.`id`)
    FROM `subscriptions` s WHERE s.`id` = new.`subscription_id`
    ON CONFLICT (`subscription_id`) DO NOTHING;
  UPDATE `subscription_money_sums` SET `collected_cents` = `collected_cents` + new.`amount_cents`
    WHERE `subscription_id` = new.`subscription_id` AND new.`status` IN ('received', 'handed_over');
END;
--> statement-breakpoint
CREATE TRIGGER `cheques_sums_delete` AFTER DELETE ON `cheques` BEGIN
  UPDATE `payment_date_cheque_sums` SET `n` = `n` - 1, `cents` = `cents` - old.`amount_cents`
    WHERE `payment_date_id` = old.`payment_date_id` AND `status` = old.`status`;
  UPDATE `subscription_money_sums` SET `collected_cents` = `collected_cents` - old.`amount_cents`
    WHERE `subscription_id` = old.`subscription_id` AND old.`status` IN ('received', 'handed_over');
END;
--> statement-breakpoint
CREATE TRIGGER `cheques_sums_update` AFTER UPDATE OF `subscription_id`, `payment_date_id`, `status`, `amount_cents` ON `cheques` BEGIN
  UPDATE `payment_date_cheque_sums` SET `n` = `n` - 1, `cents` = `cents` - old.`amount_cents`
    WHERE `payment_date_id` = old.`payment_date_id` AND `status` = old.`status`;
  INSERT INTO `payment_date_cheque_sums` (`payment_date_id`, `status`, `n`, `cents`)
    VALUES (new.`payment_date_id`, new.`status`, 1, new.`amount_cents`)
    ON CONFLICT (`payment_date_id`, `status`) DO UPDATE SET `n` = `n` + 1, `cents` = `cents` + excluded.`cents`;
  UPDATE `subscription_money_sums` SET `collected_cents` = `collected_cents` - old.`amount_cents`
    WHERE `subscription_id` = old.`subscription_id` AND old.`status` IN ('received', 'handed_over');
  INSERT INTO `subscription_money_sums` (`subscription_id`, `collected_cents`, `total_cents`, `credit_cents`)
    SELECT s.`id`, 0, s.`total_cents`, (SELECT coalesce(sum(`amount_cents`), 0) FROM `credits` WHERE `subscription_id` = s.`id`)
    FROM `subscriptions` s WHERE s.`id` = new.`subscription_id`
    ON CONFLICT (`subscription_id`) DO NOTHING;
  UPDATE `subscription_money_sums` SET `collected_cents` = `collected_cents` + new.`amount_cents`
    WHERE `subscription_id` = new.`subscription_id` AND new.`status` IN ('received', 'handed_over');
END;
--> statement-breakpoint
CREATE TRIGGER `subscriptions_money_total` AFTER UPDATE OF `total_cents` ON `subscriptions` BEGIN
  UPDATE `subscription_money_sums` SET `total_cents` = new.`total_cents` WHERE `subscription_id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `credits_money_insert` AFTER INSERT ON `credits` BEGIN
  UPDATE `subscription_money_sums` SET `credit_cents` = `credit_cents` + new.`amount_cents`
    WHERE `subscription_id` = new.`subscription_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `credits_money_delete` AFTER DELETE ON `credits` BEGIN
  UPDATE `subscription_money_sums` SET `credit_cents` = `credit_cents` - old.`amount_cents`
    WHERE `subscription_id` = old.`subscription_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `credits_money_update` AFTER UPDATE OF `subscription_id`, `amount_cents` ON `credits` BEGIN
  UPDATE `subscription_money_sums` SET `credit_cents` = `credit_cents` - old.`amount_cents`
    WHERE `subscription_id` = old.`subscription_id`;
  UPDATE `subscription_money_sums` SET `credit_cents` = `credit_cents` + new.`amount_cents`
    WHERE `subscription_id` = new.`subscription_id`;
END;
--> statement-breakpoint
-- The cheques, credits and totals already there.
INSERT INTO `payment_date_cheque_sums` (`payment_date_id`, `status`, `n`, `cents`)
  SELECT `payment_date_id`, `status`, count(*), sum(`amount_cents`) FROM `cheques` GROUP BY `payment_date_id`, `status`;
--> statement-breakpoint
INSERT INTO `subscription_money_sums` (`subscription_id`, `collected_cents`, `total_cents`, `credit_cents`)
  SELECT s.`id`,
    (SELECT coalesce(sum(`amount_cents`), 0) FROM `cheques` WHERE `subscription_id` = s.`id` AND `status` IN ('received', 'handed_over')),
    s.`total_cents`,
    (SELECT coalesce(sum(`amount_cents`), 0) FROM `credits` WHERE `subscription_id` = s.`id`)
  FROM `subscriptions` s WHERE EXISTS (SELECT 1 FROM `cheques` WHERE `subscription_id` = s.`id`);
